import Foundation

/// Finds the model files PhotoKit needs. Nothing is downloaded at run time: the files
/// come from Debian's `libdlib-data` and the `face_recognition_models` PyPI package,
/// which `scripts/bootstrap` installs.
public struct ModelLocator: Sendable {
    public static let landmarksFile = "shape_predictor_68_face_landmarks.dat"
    public static let descriptorFile = "dlib_face_recognition_resnet_model_v1.dat"
    public static let cnnDetectorFile = "mmod_human_face_detector.dat"

    /// Folders searched in order, after an explicit file or folder from the environment.
    public var searchFolders: [String]
    public var environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                workingDirectory: String = FileManager.default.currentDirectoryPath) {
        self.environment = environment
        var folders: [String] = []
        if let dir = environment["PHOTOONCE_MODELS_DIR"], !dir.isEmpty { folders.append(dir) }
        folders.append(workingDirectory + "/.models/python/face_recognition_models/models")
        folders.append("/usr/share/dlib")
        searchFolders = folders
    }

    /// The 68-point landmark model (`PHOTOONCE_LANDMARKS_MODEL` overrides the search).
    public func landmarksModel() throws(ModelError) -> String {
        try locate(Self.landmarksFile, variable: "PHOTOONCE_LANDMARKS_MODEL",
                   fix: "run scripts/bootstrap (it installs Debian's libdlib-data), or set PHOTOONCE_LANDMARKS_MODEL to the file")
    }

    /// dlib's ResNet face-descriptor model (`PHOTOONCE_DESCRIPTOR_MODEL` overrides the search).
    public func descriptorModel() throws(ModelError) -> String {
        try locate(Self.descriptorFile, variable: "PHOTOONCE_DESCRIPTOR_MODEL",
                   fix: "run scripts/bootstrap (it installs face_recognition_models into .models/python), or set PHOTOONCE_DESCRIPTOR_MODEL to the file")
    }

    /// dlib's CNN face detector (`PHOTOONCE_CNN_DETECTOR_MODEL` overrides the search).
    public func cnnDetectorModel() throws(ModelError) -> String {
        try locate(Self.cnnDetectorFile, variable: "PHOTOONCE_CNN_DETECTOR_MODEL",
                   fix: "run scripts/bootstrap (it installs face_recognition_models into .models/python), or set PHOTOONCE_CNN_DETECTOR_MODEL to the file")
    }

    private func locate(_ name: String, variable: String, fix: String) throws(ModelError) -> String {
        if let explicit = environment[variable], !explicit.isEmpty {
            guard FileManager.default.isReadableFile(atPath: explicit) else {
                throw ModelError(file: name, searched: [explicit], fix: "\(variable) names a file that cannot be read; " + fix)
            }
            return explicit
        }
        let candidates = searchFolders.map { $0 + "/" + name }
        if let found = candidates.first(where: { FileManager.default.isReadableFile(atPath: $0) }) { return found }
        throw ModelError(file: name, searched: candidates, fix: fix)
    }
}

/// A model file that is missing, with where it was looked for and how to get it.
public struct ModelError: Error, CustomStringConvertible, Sendable {
    public let file: String
    public let searched: [String]
    public let fix: String

    public var description: String {
        "model file \(file) not found (looked in: \(searched.joined(separator: ", "))); \(fix)"
    }
}
