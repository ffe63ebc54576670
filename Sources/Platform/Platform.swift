// What every module imports instead of Foundation: Foundation's essentials (data,
// URLs, files, JSON, dates), Dispatch and the C library, without the rest of Foundation and
// the ICU tables it links. Linking all of Foundation doubled the relocations the
// loader applies and the conformance records the runtime scans on every start
// (docs/DECISIONS.md, "Foundation's essentials only").

@_exported import Dispatch

#if canImport(FoundationEssentials)
  @_exported import FoundationEssentials
#else
  @_exported import Foundation
#endif

#if canImport(Glibc)
  @_exported import Glibc
#elseif canImport(Musl)
  @_exported import Musl
#elseif canImport(Darwin)
  @_exported import Darwin
#endif
