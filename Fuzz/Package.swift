// swift-tools-version:6.0
// libFuzzer targets for Rubric. Build and run them with scripts/fuzz; a plain
// `swift build` at the top level never builds these (they have no main of their own).
import PackageDescription

/// Each fuzzer and the library product it links: the text code, the store, or (for keymaps) the core, which holds Commands.
let products: [String: String] = [
  "FuzzTaskLine": "RubricStore", "FuzzImport": "RubricStore", "FuzzForm": "RubricStore",
  "FuzzJournal": "RubricStore", "FuzzInput": "RubricStore",
  "FuzzMarkdown": "RubricText", "FuzzSanitizer": "RubricText",
  "FuzzKeymap": "RubricCore",
]
let targets = ["FuzzTaskLine", "FuzzImport", "FuzzKeymap", "FuzzForm", "FuzzMarkdown", "FuzzSanitizer", "FuzzJournal", "FuzzInput"]

let package = Package(
  name: "RubricFuzz",
  products: targets.map { .executable(name: $0, targets: [$0]) },
  // scripts/fuzz links .src/rubric to the repository, so the identity is "rubric" wherever it is cloned.
  dependencies: [.package(path: ".src/rubric")],
  targets: targets.map {
    .executableTarget(
      name: $0,
      dependencies: [.product(name: products[$0] ?? "RubricCore", package: "rubric")],
      swiftSettings: [.unsafeFlags(["-parse-as-library"])]
    )
  },
  swiftLanguageModes: [.v6]
)
