import Foundation
import Testing
import FolioFingerprintCore

@Suite struct SHA256Tests {
    @Test func knownVectors() {
        #expect(SHA256Digest.hex(Array("".utf8)) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256Digest.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256Digest.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256Digest.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func feedingInPiecesGivesTheSameDigest() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var digest = SHA256Digest()
        for chunk in stride(from: 0, to: bytes.count, by: 37) { digest.update(bytes[chunk..<min(bytes.count, chunk + 37)]) }
        #expect(digest.finalize() == SHA256Digest.hex(bytes))
    }
}

@Suite struct SourceNormaliserTests {
    func normalised(_ s: String) -> String? { SourceNormaliser.normalise(s) }

    @Test func commentsAndBlankLinesAreRemoved() {
        let source = """
        /// Documentation.
        import Foundation   // trailing comment

        /* a block
           /* nested */ still a comment */
        let x = 1 /* inline */ + 2
        \t
        func f() {}   \n
        """
        #expect(normalised(source) == "import Foundation\nlet x = 1   + 2\nfunc f() {}\n")
    }

    @Test func stringLiteralsAreUntouched() {
        let cases = [
            ###"let url = "http://example.org/*not a comment*/" // but this is"###,
            ###"let s = "a \"quoted // text\" here""###,
            ###"let raw = #"a "quote" // and \(no interpolation)"#"###,
            ###"let raw2 = ##"x "# still inside // "##"###,
            ###"let i = "value \(f("//", x: "/* */")) done""###,
            ###"let j = #"raw \#(g("//")) end"#"###,
        ]
        for line in cases {
            let expected = line.components(separatedBy: " // but this is")[0]
            #expect(normalised(line + "\n") == expected + "\n", "\(line)")
        }
        let multi = "let m = \"\"\"\n    // kept: inside a string\n\n    /* kept */   \n    \"\"\" // removed\nlet n = #\"\"\"\n  \"\"\" still inside\n  \"\"\"#\n"
        #expect(normalised(multi) == "let m = \"\"\"\n    // kept: inside a string\n\n    /* kept */   \n    \"\"\"\nlet n = #\"\"\"\n  \"\"\" still inside\n  \"\"\"#\n")
    }

    @Test func codeEditsCountAndCommentEditsDoNot() {
        let a = "func f() -> Int {\n    return 1 // one\n}\n"
        let commentEdited = "// New header comment.\nfunc f() -> Int {\n\n    return 1 // uno\n}\n"
        let codeEdited = "func f() -> Int {\n    return 2 // one\n}\n"
        let stringEdited = "func f() -> String {\n    return \"// one\"\n}\n"
        #expect(normalised(a) == normalised(commentEdited))
        #expect(normalised(a) != normalised(codeEdited))
        #expect(normalised(stringEdited)!.contains("\"// one\""))
    }

    @Test func aBlockCommentSpanningLinesKeepsTheLineBreak() {
        #expect(normalised("let a = 1 /* x\n y */ let b = 2\n") == "let a = 1\n let b = 2\n")
    }

    @Test func unterminatedConstructsGiveNilSoTheBytesAreHashed() {
        #expect(normalised("let s = \"open\n") == nil)
        #expect(normalised("/* open comment\n") == nil)
        #expect(normalised("let s = \"\"\"\nnever closed\n") == nil)
        let bytes = Array("let s = \"open\n".utf8)
        #expect(ModuleFingerprint.fileDigest(path: "a.swift", contents: bytes) == SHA256Digest.hex(bytes))
    }
}

@Suite struct ModuleFingerprintTests {
    func fingerprint(_ files: [String: String], directory: String = "/checkout/Sources/M") -> String {
        let module = ModuleSources(name: "M", directory: directory, dependencies: [],
                                   files: files.keys.map { directory + "/" + $0 })
        return ModuleFingerprint.fingerprint(module) { path in Array(files[String(path.dropFirst(directory.count + 1))]!.utf8) }
    }

    @Test func fingerprintsIgnoreCommentsAndCheckoutPathButSeeCodeAndFileNames() {
        let base = fingerprint(["a.swift": "let a = 1\n", "b.swift": "let b = 2\n"])
        #expect(base.count == 64 && base.allSatisfy(\.isHexDigit))
        #expect(fingerprint(["a.swift": "// note\nlet a = 1 // one\n", "b.swift": "let b = 2\n"]) == base)
        #expect(fingerprint(["a.swift": "let a = 1\n", "b.swift": "let b = 2\n"], directory: "/elsewhere/M") == base)
        #expect(fingerprint(["a.swift": "let a = 3\n", "b.swift": "let b = 2\n"]) != base)
        #expect(fingerprint(["c.swift": "let a = 1\n", "b.swift": "let b = 2\n"]) != base)
        // C sources count byte for byte, comments included.
        #expect(fingerprint(["a.c": "int a;\n"]) != fingerprint(["a.c": "int a; /* c */\n"]))
    }

    @Test func listingRoundTripsAndTheGeneratedTableCompiles() {
        let listing = "module A\ndir /x/A\ndep B\nfile /x/A/a.swift\nmodule B\ndir /x/B\n"
        #expect(ModuleFingerprint.parseListing(listing) == [
            ModuleSources(name: "A", directory: "/x/A", dependencies: ["B"], files: ["/x/A/a.swift"]),
            ModuleSources(name: "B", directory: "/x/B", dependencies: [], files: []),
        ])
        let source = ModuleFingerprint.swiftSource([(name: "B", fingerprint: "00", dependencies: []),
                                                    (name: "A", fingerprint: "ff", dependencies: ["B"])])
        #expect(source.contains("\"A\": (\"ff\", [\"B\"]),\n        \"B\": (\"00\", []),"))
    }
}
