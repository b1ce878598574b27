// swift-tools-version: 6.0
import PackageDescription

// OpenCV 4.6 (with the contrib modules alphamat and ximgproc for matting) and dlib 19.24
// come from Debian (scripts/bootstrap installs them).
let openCVLibraries = ["opencv_core", "opencv_imgproc", "opencv_imgcodecs", "opencv_alphamat", "opencv_ximgproc"]

let package = Package(
    name: "PhotoOnce",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "photoonce", targets: ["photoonce"]),
        .library(name: "PhotoKit", targets: ["PhotoKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // Thin C ABI over OpenCV and dlib: forwards calls, catches C++ exceptions, no logic.
        .target(
            name: "CVision",
            cxxSettings: [
                .unsafeFlags(["-I/usr/include/opencv4", "-O2", "-fexceptions"]),
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
            resources: [.copy("Specs/Catalog")]
        ),
        .executableTarget(
            name: "photoonce",
            dependencies: [
                "PhotoKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "PhotoKitTests",
            dependencies: ["PhotoKit"]
        ),
    ],
    swiftLanguageModes: [.v6],
    cxxLanguageStandard: .cxx17
)
