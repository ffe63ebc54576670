// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "Rubric",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "rubric", targets: ["rubric"]),
    // For the fuzz package in Fuzz/, which links the library targets.
    .library(name: "RubricCore", targets: ["TerminalKit", "Annotation", "TaskStore", "Workstation"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
  ],
  targets: [
    .systemLibrary(
      name: "CNcursesw",
      providers: [.apt(["libncurses-dev"])]
    ),
    // The system zlib and libzstd, for compressed input and output.
    .systemLibrary(
      name: "CCompression",
      providers: [.apt(["zlib1g-dev", "libzstd-dev"])]
    ),
    // Linux calls the Glibc module does not export (sync_file_range, pseudo-terminals).
    .target(name: "CSystem"),
    .target(name: "TerminalKit"),
    .target(name: "Curses", dependencies: ["CNcursesw", "TerminalKit"]),
    .target(name: "Annotation"),
    .target(name: "TaskStore", dependencies: ["Annotation", "CSystem", "CCompression"]),
    .target(name: "Workstation", dependencies: ["Annotation", "TaskStore", "TerminalKit"]),
    .executableTarget(
      name: "rubric",
      dependencies: [
        "Curses", "TerminalKit", "Annotation", "TaskStore", "Workstation", "CSystem",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(name: "TerminalKitTests", dependencies: ["TerminalKit"]),
    .testTarget(name: "AnnotationTests", dependencies: ["Annotation"]),
    .testTarget(name: "TaskStoreTests", dependencies: ["TaskStore", "Annotation"]),
    .testTarget(
      name: "WorkstationTests",
      dependencies: ["Workstation", "TaskStore", "Annotation", "TerminalKit"],
      exclude: ["Golden"]
    ),
    .testTarget(name: "EndToEndTests", dependencies: ["TaskStore", "Annotation"]),
  ],
  swiftLanguageModes: [.v6]
)
