import FolioSteps
