// swift-tools-version: 6.0
import Foundation
import PackageDescription

// OpenCV 4.6 (with the contrib modules alphamat and ximgproc for matting) and dlib 19.24
// come from Debian (scripts/bootstrap installs them); objdetect writes the grant QR
// codes and wechat_qrcode reads them (Debian's objdetect has no quirc decoder).
let openCVLibraries = ["opencv_core", "opencv_imgproc", "opencv_imgcodecs", "opencv_objdetect", "opencv_photo", "opencv_wechat_qrcode", "opencv_alphamat", "opencv_ximgproc"]

// dlib's HOG face detector is header templates, compiled into CVision: with AVX2 its feature
// extraction and filters work on 8 floats at a time (the fixture portrait's detection 121 →
// 90 ms on one core; every photo the same, detection scores within 3e-6). Only when the
// machine that builds has AVX2, since a CPU without it stops at the first such instruction;
// the binary runs where it is built (CI builds on its own machine).
let cpuFlags = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
let vectorFlags = cpuFlags.contains(" avx2") ? ["-mavx2"] : []

let package = Package(
    name: "PhotoOnce",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "photoonce", targets: ["photoonce"]),
        .library(name: "PhotoKit", targets: ["PhotoKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-kit.git", from: "1.57.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
    ],
    targets: [
        // Thin C ABI over OpenCV and dlib: forwards calls, catches C++ exceptions, no logic.
        .target(
            name: "CVision",
            cxxSettings: [
                .unsafeFlags(["-I/usr/include/opencv4", "-O2", "-fexceptions"] + vectorFlags),
            ],
            linkerSettings: openCVLibraries.map { .linkedLibrary($0) } + [
                .linkedLibrary("dlib"),
                .linkedLibrary("lapack"),
                .linkedLibrary("blas"),
                .linkedLibrary("lcms2"),
                .linkedLibrary("cairo"),
                .linkedLibrary("stdc++"),
            ]
        ),
        // The pipeline: bytes in, standard photos and a report out.
        .target(
            name: "PhotoKit",
            dependencies: ["CVision"],
            resources: [.copy("Specs/Catalog")],
            // Optimised in every configuration: its pixel loops unoptimised made the live
            // guidance take 4–8 s a frame in debug builds (0.11 s optimised), and tests slow.
            swiftSettings: [.unsafeFlags(["-O"])]
        ),
        // Persistence: Fluent models and migrations, the encrypted blob store, the outbox.
        // Knows nothing of HTTP.
        .target(
            name: "PhotoStore",
            dependencies: [
                "PhotoKit",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "FluentSQL", package: "fluent-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The Vapor application: API, auth, pages. A library, so tests build it whole.
        .target(
            name: "PhotoServer",
            dependencies: [
                "PhotoKit",
                "PhotoStore",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                // RS256 ID-token signatures (RSASSA-PKCS1-v1_5): jwt-kit 5 needs swift-crypto 4.
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            resources: [.copy("OpenAPI/openapi.yaml"), .copy("Pages/Assets")]
        ),
        .executableTarget(
            name: "photoonce",
            dependencies: [
                "PhotoKit",
                "PhotoStore",
                "PhotoServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "PhotoKitTests",
            dependencies: ["PhotoKit"]
        ),
        .testTarget(
            name: "PhotoStoreTests",
            dependencies: ["PhotoStore", .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver")]
        ),
        .testTarget(
            name: "PhotoServerTests",
            dependencies: ["PhotoServer", "PhotoStore", .product(name: "VaporTesting", package: "vapor"), .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver")]
        ),
    ],
    swiftLanguageModes: [.v6],
    cxxLanguageStandard: .cxx17
)
