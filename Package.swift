// swift-tools-version:6.0
import PackageDescription

// `scripts/release` sets RUBRIC_STATIC=1 for one fully static executable: libzstd
// then comes from its archive (libzstd.a) and ncursesw needs its terminfo library
// named, as a static link resolves nothing through sonames.
let staticRelease = Context.environment["RUBRIC_STATIC"] == "1"
let zstdLink: [LinkerSetting] = [
  staticRelease
    ? .linkedLibrary("zstd", .when(platforms: [.linux]))
    : .linkedLibrary(":libzstd.so.1", .when(platforms: [.linux])),
  .linkedLibrary("zstd", .when(platforms: [.macOS])),
]
// The manifest is compiled for the machine that builds, so this is the host.
#if os(macOS)
  let onDarwin = true
#else
  let onDarwin = false
#endif

let package = Package(
  name: "Rubric",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "rubric", targets: ["rubric"]),
    .executable(name: "rubric-dev", targets: ["rubric-dev"]),
    // For the fuzz package in Fuzz/: each fuzzer links only the layer it tests.
    .library(name: "RubricText", targets: ["TerminalKit", "TextKit"]),
    .library(
      name: "RubricStore",
      targets: ["Annotation", "Codecs", "TaskStore", "Import", "Export", "Reports", "Shift"]),
    .library(
      name: "RubricCore",
      targets: [
        "TerminalKit", "TextKit", "Annotation", "Codecs", "TaskStore", "Import", "Export",
        "Reports",
        "Shift", "Commands", "Worksheet", "Workstation",
      ]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
  ],
  targets: [
    // Linux: Debian's libncurses-dev, found without pkg-config. macOS (written for,
    // not tested): Homebrew's keg-only ncurses, found through its pkg-config file.
    .systemLibrary(
      name: "CNcursesw",
      pkgConfig: onDarwin ? "ncursesw" : nil,
      providers: [.apt(["libncurses-dev"]), .brew(["ncurses"])]
    ),
    // The system zlib and libzstd, for compressed input and output. libzstd is
    // linked by its soname (the runtime package), so libzstd-dev is not needed.
    .systemLibrary(
      name: "CCompression",
      pkgConfig: onDarwin ? "libzstd" : nil,
      providers: [.apt(["zlib1g-dev", "libzstd1"]), .brew(["zstd"])]
    ),
    // Linux calls the Glibc module does not export (sync_file_range, pseudo-terminals).
    .target(name: "CSystem"),
    // Foundation's essentials and the C library, re-exported: what modules import
    // instead of Foundation, so the binary does not link all of Foundation and ICU.
    .target(name: "Platform"),
    // The account Rubric runs under and the user's folders (XDG), without NSS.
    .target(name: "Places", dependencies: ["Platform"]),
    .target(name: "TerminalKit", dependencies: ["Platform"]),
    .target(
      name: "Curses", dependencies: ["Platform", "CNcursesw", "CSystem", "TerminalKit", "Places"],
      linkerSettings: staticRelease ? [.linkedLibrary("tinfo", .when(platforms: [.linux]))] : []
    ),
    .target(name: "Annotation", dependencies: ["Platform"]),
    .target(
      name: "TaskStore",
      dependencies: ["Platform", "Annotation", "Codecs", "CSystem", "Places"]
    ),
    // The parsers and writers every layer shares: FastJSON, TOML, task JSON, CRC-32,
    // and the envelope and checks of the cache files under .rubric/.
    .target(name: "Codecs", dependencies: ["Platform", "Annotation", "CSystem"]),
    // Datasets in: format detection, the readers, blocks on both cores.
    .target(
      name: "Import",
      dependencies: ["Platform", "Annotation", "Codecs", "TaskStore", "CCompression"],
      linkerSettings: zstdLink),
    // What the team's journals add up to: digests, stats, check, queues, reviews.
    .target(
      name: "Reports", dependencies: ["Platform", "Annotation", "Codecs", "TaskStore", "Import"]),
    // Training data out: the export formats, splits, compression.
    .target(
      name: "Export",
      dependencies: [
        "Platform", "CSystem", "Annotation", "Codecs", "TaskStore", "Reports", "CCompression",
      ],
      linkerSettings: zstdLink),
    // The annotator's shift: wellbeing settings, the break log, the timesheet.
    .target(
      name: "Shift", dependencies: ["Platform", "Annotation", "Codecs", "TaskStore", "Places"]),
    // Agreement between annotators: the statistics and the report.
    .target(
      name: "Agreement", dependencies: ["Platform", "Annotation", "Codecs", "TaskStore", "Reports"]),
    // The lead's page: one self-contained HTML file of inline SVG charts.
    .target(
      name: "Report",
      dependencies: ["Platform", "Annotation", "Codecs", "TaskStore", "Reports", "Agreement"]),
    // Team sync over git, run as a subprocess.
    .target(
      name: "Sync", dependencies: ["Platform", "Annotation", "Codecs", "TaskStore", "CSystem"]),
    // Text code that knows nothing of the workstation: Markdown, word diff, the editor's buffer.
    .target(name: "TextKit", dependencies: ["Platform", "TerminalKit"]),
    // Every command once (name, summary, contexts), the keymaps over them, the `:` line.
    .target(
      name: "Commands",
      dependencies: ["Platform", "Annotation", "Codecs", "TerminalKit", "TextKit", "Places"]),
    // The annotator's work without a screen: the task and its answers (Sheet), moving
    // through the store (TaskFlow, Navigator), saves and loads, masking, review decisions,
    // and each pane's state and keys where the flow needs them.
    .target(
      name: "Worksheet",
      dependencies: [
        "Platform",
        "Annotation", "Codecs", "Commands", "TaskStore", "Reports", "Shift", "TerminalKit",
        "TextKit", "Places",
      ]),
    // The annotator's screen: the session that routes keys, the panes' drawing, the frame.
    .target(
      name: "Workstation",
      dependencies: [
        "Platform",
        "Annotation", "Codecs", "Commands", "TaskStore", "Reports", "Shift", "TerminalKit",
        "TextKit", "Places", "Worksheet",
      ]),
    .executableTarget(
      name: "rubric",
      dependencies: [
        "Platform",
        "Curses", "TerminalKit", "TextKit", "Annotation", "Codecs", "Commands", "TaskStore",
        "Import",
        "Export", "Reports", "Shift", "Sync", "Agreement",
        "Report", "Worksheet", "Workstation",
        "CSystem", "Places",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // Helpers several test targets share: temporary folders, sample tasks, stores.
    .target(
      name: "TestSupport", dependencies: ["Annotation", "Codecs", "Export", "Import", "TaskStore"],
      path: "Tests/TestSupport"),
    // Developer tools, not shipped: the bench and its probes, the crash tests' journal
    // writer, the statistics reference check, the report's demo store.
    .executableTarget(
      name: "rubric-dev",
      dependencies: [
        "Platform",
        "TerminalKit", "Annotation", "Codecs", "Commands", "TaskStore", "Import", "Export",
        "Reports", "Agreement", "Report", "Worksheet", "Workstation", "CSystem",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(name: "TerminalKitTests", dependencies: ["TerminalKit", "Curses", "TestSupport"]),
    .testTarget(name: "TextKitTests", dependencies: ["TextKit", "TerminalKit"]),
    .testTarget(
      name: "AgreementTests",
      dependencies: ["Agreement", "Annotation", "TaskStore", "Reports", "TestSupport"]),
    .testTarget(
      name: "SyncTests",
      dependencies: [
        "Sync", "Annotation", "Codecs", "Import", "Reports", "TaskStore", "TestSupport",
      ]),
    .testTarget(name: "AnnotationTests", dependencies: ["Annotation"]),
    .testTarget(name: "PlatformTests", dependencies: ["Platform", "Codecs", "TestSupport"]),
    .testTarget(name: "CommandsTests", dependencies: ["Commands", "Codecs", "TerminalKit"]),
    .testTarget(
      name: "TaskStoreTests",
      dependencies: [
        "Codecs", "TaskStore", "Import", "Export", "Reports", "Annotation", "Places", "TestSupport",
      ]),
    .testTarget(
      name: "CodecsTests",
      dependencies: ["Codecs", "Annotation", "TaskStore", "CSystem", "TestSupport"]),
    .testTarget(
      name: "ImportTests",
      dependencies: [
        "Import", "Annotation", "Codecs", "Export", "Reports", "TaskStore", "TestSupport",
      ]),
    .testTarget(
      name: "ExportTests",
      dependencies: [
        "Export", "Annotation", "Codecs", "Import", "Reports", "Agreement", "TaskStore",
        "TestSupport",
      ]),
    .testTarget(
      name: "ReportsTests",
      dependencies: [
        "Reports", "Agreement", "Annotation", "Codecs", "Export", "TaskStore", "TestSupport",
      ]),
    .testTarget(
      name: "ReportTests",
      dependencies: [
        "Report", "Reports", "Agreement", "Annotation", "Codecs", "TaskStore", "TestSupport",
      ],
      exclude: ["Golden"]),
    .testTarget(
      name: "WorkstationTests",
      dependencies: [
        "Workstation", "Worksheet", "Commands", "Codecs", "TaskStore", "Import", "Export",
        "Reports", "Shift",
        "Annotation", "TerminalKit", "TextKit", "Places", "TestSupport",
      ],
      exclude: ["Golden"]
    ),
    // The command line's own logic: the quick start against ArgumentParser's parse.
    .testTarget(
      name: "CommandLineTests",
      dependencies: [
        "rubric", .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .testTarget(
      name: "EndToEndTests",
      dependencies: ["Codecs", "TaskStore", "Annotation", "TestSupport"],
      exclude: ["Helpers"]),
  ],
  swiftLanguageModes: [.v6]
)
