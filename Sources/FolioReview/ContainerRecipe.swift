import Foundation

/// The `Containerfile` a bundle with sources carries: a recipe for the machine that built it,
/// pinned to the recorded Swift release, Debian release and Debian package versions, which builds
/// the bundled Folio and runs `folio verify` on the bundle.
///
/// It is a recipe, not a tested image: it was written from `toolchain.json`, never built here
/// (no container engine). A pinned Debian version that the archive no longer serves can be had
/// from snapshot.debian.org (see the comment the recipe carries).
public enum ContainerRecipe {
    /// `bundleName`: the file name the recipe expects the bundle under, in the build context.
    /// `hasProject`: the analysis is a separate package (in source/project) built against
    /// source/folio.
    public static func render(toolchain: ToolchainRecord, analysis: String, bundleName: String, hasProject: Bool,
                              hasResolved: Bool) -> String {
        let pins = toolchain.debianPackages.keys.sorted().compactMap { name -> String? in
            guard let version = toolchain.debianPackages[name], version != "not installed" else { return nil }
            return "      \(name)=\(version)"
        }
        let missing = toolchain.debianPackages.keys.sorted().filter { toolchain.debianPackages[$0] == "not installed" }
        let image = "docker.io/library/swift:\(toolchain.swift)-\(toolchain.codename)"
        let buildDirectory = hasProject ? "/work/source/project" : "/work/source/folio"
        var lines: [String] = []
        lines += [
            "# Container recipe to verify the Folio bundle of '\(analysis)' with the Folio that built it.",
            "# A RECIPE, NOT A TESTED IMAGE: written by `folio archive --include-source` from toolchain.json.",
            "# Built with \(toolchain.swiftVersion) on \(toolchain.os) (\(toolchain.architecture)).",
            "#",
            "# Use (podman or docker), in a folder holding this bundle unzipped and the bundle itself:",
            "#   unzip \(bundleName) -d ctx && cp \(bundleName) ctx/bundle.folio.zip",
            "#   podman build -t folio-verify-\(analysis) ctx",
            "#   podman run --rm folio-verify-\(analysis)                                   # data in the bundle",
            "#   podman run --rm -v /path/to/data:/data:ro folio-verify-\(analysis) --data /data   # data not bundled",
            "#",
            "# The Debian versions are pinned as recorded. When the Debian archive no longer serves one, add",
            "# snapshot.debian.org for the date of the build as an apt source (check-valid-until=no).",
            "FROM \(image)",
            "RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \\",
        ]
        lines += pins.map { $0 + " \\" }
        lines.append("    && rm -rf /var/lib/apt/lists/*")
        if !missing.isEmpty {
            lines.append("# Not installed on the build machine, so not pinned: \(missing.joined(separator: " "))")
        }
        lines += [
            "COPY source /work/source",
        ]
        if hasResolved { lines.append("COPY Package.resolved \(buildDirectory)/Package.resolved") }
        lines.append("WORKDIR \(buildDirectory)")
        if hasProject {
            lines.append("# The package depends on Folio by path: point it at the bundled Folio before building (see README.txt).")
        }
        lines += [
            "RUN swift build --product folio",
            "COPY bundle.folio.zip /work/bundle.folio.zip",
            "ENTRYPOINT [\"\(buildDirectory)/.build/debug/folio\", \"verify\", \"/work/bundle.folio.zip\"]",
            "",
        ]
        return lines.joined(separator: "\n")
    }
}
