extension DecodingError {
    /// One sentence naming the field: `parameter 'gamma': expected a number, found a string`.
    public var folioDescription: String { folioDescription(naming: "parameter") }

    /// The same with another noun for the field (`field 'steps[1].name': ...`).
    public func folioDescription(naming noun: String) -> String {
        let error = self
        func path(_ context: DecodingError.Context) -> String {
            let components = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return components.isEmpty ? "\(noun)s" : "\(noun) '" + components.joined(separator: ".").replacingOccurrences(of: ".[", with: "[") + "'"
        }
        switch error {
        case .typeMismatch(let type, let context):
            return "\(path(context)): expected \(describeType(type)), found \(found(context))"
        case .valueNotFound(let type, let context):
            return "\(path(context)): expected \(describeType(type)), found null"
        case .keyNotFound(let key, let context):
            let c = DecodingError.Context(codingPath: context.codingPath + [key], debugDescription: "")
            return "\(path(c)): missing"
        case .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default:
            return "parameters are invalid: \(error)"
        }
    }

    private func describeType(_ type: Any.Type) -> String {
        switch type {
        case is Double.Type, is Float.Type: return "a number"
        case is Int.Type, is Int64.Type, is UInt64.Type, is Int32.Type, is UInt32.Type: return "an integer"
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        default:
            let name = "\(type)"
            if name.hasPrefix("Array") { return "a list" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return "a value of type \(name)"
        }
    }

    private func found(_ context: DecodingError.Context) -> String {
        // "Expected to decode String but found number instead.": look only at what was found.
        let text = context.debugDescription.range(of: "found").map { String(context.debugDescription[$0.upperBound...]) }
            ?? context.debugDescription
        if text.contains("string") || text.contains("String") { return "a string" }
        if text.contains("number") || text.contains("Number") { return "a number" }
        if text.contains("bool") || text.contains("Bool") { return "true/false" }
        if text.contains("array") || text.contains("Array") { return "a list" }
        if text.contains("dictionary") || text.contains("Dictionary") || text.contains("object") { return "an object" }
        return "something else (\(text))"
    }
}
