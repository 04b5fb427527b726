import Foundation

/// Strings, optionals, nested arrays, dictionaries keyed three ways and enums with values: the
/// part of a value that both the JSONValue encoder and decoder tests run through each path.
struct CodableContainers: Codable, Hashable {
    enum Shape: Codable, Hashable { case circle(radius: Double), polygon([Int]), none }
    enum Colour: String, Codable, Hashable, CodingKeyRepresentable { case red, green }
    struct Inner: Codable, Hashable { var name: String; var weights: [Double]; var flag: Bool? }

    var string = "a \"quoted\" line\n\u{1}é🙂"
    var optionalSet: Int? = 3
    var optionalNil: Int? = nil
    var nested = [[1.5, 2.5], []]
    var inner = Inner(name: "x", weights: [0.3, 1e-7], flag: nil)
    var byString = ["b": 2, "a": 1]
    var byInt = [3: "three", -1: "minus one"]
    var byEnum: [Colour: Int] = [.red: 1, .green: 2]
    var shapes: [Shape] = [.circle(radius: 2), .polygon([1, 2, 3]), .none]
    var optionalShapes: [Shape?] = [nil, .none]
}
