import Fluent
import Foundation
import PhotoKit
import PhotoStore
import Vapor

/// A photo handed to a department: the image in the matter's spec and background (base64
/// JPEG), whose it is, and under which matter, policy version and grant.
struct SharedPhoto: Content {
    struct PersonSummary: Content {
        var name: String
        var identityType: String
        var identityMasked: String
    }

    var matterCode: String
    var matterName: String
    var departmentCode: String
    var policyVersion: Int
    var purpose: String
    var spec: String
    var background: String
    var watermarked: Bool
    var grantId: UUID?
    /// Redemptions the grant still allows (nil for a legal-basis fetch).
    var usesLeft: Int?
    var person: PersonSummary
    var photoId: UUID
    var capturedAt: Date
    var width: Int
    var height: Int
    var contentType: String
    var filename: String
    /// The JPEG, base64.
    var photo: String
}

/// The refusals of sharing, each with its own status and code so a department's system can
/// tell a citizen what to do (ask for a new code, …).
enum SharingRefusal {
    static let unknownCode = APIError(status: .notFound, code: "grant_not_found",
                                      message: "no grant has this code; check the code with the citizen (it has 10 letters and digits)")
    static let expired = APIError(status: .gone, code: "grant_expired", message: "this code has expired; ask the citizen for a new one")
    static let used = APIError(status: .conflict, code: "grant_used", message: "this code has been used already; ask the citizen for a new one")
    static let revoked = APIError(status: .gone, code: "grant_revoked", message: "the citizen has withdrawn this code")
    static let wrongDepartment = APIError(status: .forbidden, code: "wrong_department",
                                          message: "this code was issued for a matter of another department")
    static let matterClosed = APIError(status: .gone, code: "matter_inactive", message: "this matter no longer receives photos")
    static let noPhoto = APIError(status: .conflict, code: "photo_unavailable",
                                  message: "the citizen has no current photo in this matter's spec; they need to be photographed at a photo site")

    static func rateLimited(_ seconds: Int) -> APIError {
        APIError(status: .tooManyRequests, code: "rate_limited", message: "too many failed attempts; try again in \(seconds) seconds")
    }

    /// A 429 with Retry-After (APIError itself carries no headers).
    static func rateLimitedResponse(_ seconds: Int) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .json
        headers.replaceOrAdd(name: .retryAfter, value: String(seconds))
        return Response(status: .tooManyRequests, headers: headers, body: .init(string: rateLimited(seconds).body))
    }
}

/// Finds, marks and packs the photo a matter receives. Runs inside the transaction that
/// counts the use, so a failure here leaves the grant unused.
struct SharedPhotoDelivery {
    let library: PhotoLibrary
    /// Blob reads.
    let threadPool: NIOThreadPool
    /// The watermark (`ImagingWorkers`).
    let workers: NIOThreadPool

    init(request: Request) {
        library = request.library
        threadPool = request.application.threadPool
        workers = request.application.imagingWorkers
    }

    /// The current photo of `personID` in the policy's spec and background, or nil.
    func photo(of personID: UUID, terms: MatterTerms, on db: any Database) async throws -> (Photo, Capture)? {
        guard let capture = try await library.currentCapture(of: personID, on: db) else { return nil }
        let photo = capture.photos.first { $0.spec == terms.spec && ($0.background ?? terms.background) == terms.background }
        return photo.map { ($0, capture) }
    }

    func pack(_ photo: Photo, capture: Capture, person: Person, matter: Matter, departmentCode: String, policy: MatterPolicy,
              watermark: Bool, purpose: String, grant: Grant?) async throws -> SharedPhoto {
        guard let address = BlobAddress(photo.blob) else { throw APIError.notFound("the photo's image") }
        let blobs = library.blobs
        let stored = try await threadPool.runIfActive { try blobs.get(address) }
        let date = CityTime.day(Date())
        var bytes = stored
        if watermark {
            let mark = PurposeWatermark(purposeZh: purpose, purposeEn: policy.purposeEn ?? matter.code, date: date)
            bytes = try await workers.runIfActive { try mark.apply(toJPEG: stored) }
        }
        let photoID = try photo.requireID()
        return SharedPhoto(matterCode: matter.code, matterName: matter.name, departmentCode: departmentCode, policyVersion: policy.version,
                           purpose: purpose, spec: photo.spec, background: photo.background ?? policy.background, watermarked: watermark,
                           grantId: try grant?.requireID(), usesLeft: grant.map { max(0, $0.maxUses - $0.uses) },
                           person: .init(name: person.name, identityType: person.identityType.rawValue, identityMasked: person.identityMasked),
                           photoId: photoID, capturedAt: capture.capturedAt, width: photo.width, height: photo.height, contentType: "image/jpeg",
                           filename: "\(matter.code)-\(photo.spec)-\(date).jpg", photo: Data(bytes).base64EncodedString())
    }
}
