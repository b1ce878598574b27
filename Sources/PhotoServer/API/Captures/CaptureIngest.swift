import Fluent
import PhotoKit
import PhotoStore
import Vapor

/// One capture upload, from checks to a stored capture. Every attempt ends in the capture
/// log, whatever its outcome; only an accepted one stores anything else.
struct CaptureIngest {
    let request: Request
    /// The member of staff uploading (or who issued the phone link); nil for a citizen's own
    /// self-capture, which has no operator and cannot be overridden.
    let staff: StaffPrincipal?
    let metadata: CaptureMetadata

    /// What the pipeline made of the upload, computed off the event loop.
    private struct Processed: Sendable {
        var result: PhotoPipeline.Result
        var descriptor: FaceDescriptor?
    }

    func run(imageBytes: [UInt8]) async throws -> Response {
        let db = request.db
        let capturedAt = metadata.capturedAt ?? Date()

        // Identity first: an invalid number is the commonest typing mistake.
        let identity: IdentityNumber
        do {
            identity = try IdentityNumber(typeName: metadata.identity.type, number: metadata.identity.number)
        } catch {
            try await log(.invalidIdentity, reason: error.code, detail: error.description, identityHash: nil)
            throw APIError.unprocessable(error.code, error.description)
        }
        let identityHash = request.library.identities.lookupHash(identity)
        guard let channel = Capture.Channel(rawValue: metadata.channel) else {
            throw APIError.unprocessable("invalid_channel", "channel must be one of \(Capture.Channel.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let site = try await Site.query(on: db).filter(\.$code == metadata.siteCode).first() else {
            throw APIError.unprocessable("unknown_site", "no photo site has the code \"\(metadata.siteCode)\"")
        }
        if let staff, staff.role.needsSite, site.id != staff.siteID {
            try await log(.forbidden, reason: "other_site", detail: "\(staff.username) is not at site \(site.code)", identityHash: identityHash)
            throw APIError.forbidden("\(staff.username) works at another site and may only capture for it, not for \(site.code)")
        }
        var device: Device?
        if let code = metadata.deviceId, !code.isEmpty {
            guard let found = try await Device.query(on: db).filter(\.$code == code).first() else {
                throw APIError.unprocessable("unknown_device", "no device is registered with the id \"\(code)\"")
            }
            guard found.$site.id == site.id else {
                throw APIError.unprocessable("device_not_at_site", "device \(code) is registered at another site, not \(site.code)")
            }
            device = found
        }
        if let lat = metadata.location?.lat, let lon = metadata.location?.lon, !((-90...90).contains(lat) && (-180...180).contains(lon)) {
            throw APIError.unprocessable("invalid_location", "location must have lat in −90…90 and lon in −180…180")
        }
        let name = metadata.name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 100 else { throw APIError.unprocessable("invalid_name", "name must be 1 to 100 characters") }

        // The same capture uploaded again (a queue retrying) is answered from the library.
        if let id = metadata.captureId, let existing = try await Capture.query(on: db).filter(\.$id == id).with(\.$photos).with(\.$site).with(\.$device).with(\.$person).first() {
            guard existing.person.identityHash == identityHash else {
                throw APIError(status: .conflict, code: "capture_id_conflict", message: "capture id \(id) already belongs to another person's capture")
            }
            try await log(.duplicate, reason: nil, detail: "repeated upload of capture \(id)", identityHash: identityHash, captureID: id)
            return try await APIResponse.json(try CaptureResponse(existing), status: .ok)
        }

        // The pipeline, off the event loop.
        let imaging = request.imaging
        let processed = try await request.application.imagingWorkers.runIfActive { () throws -> Processed in
            let result = try imaging.pipeline.process(imageBytes)
            guard result.report.refusal == nil, CaptureAcceptance(result.report).accepted, let face = result.face else {
                return Processed(result: result, descriptor: nil)
            }
            return Processed(result: result, descriptor: try imaging.encoder.descriptor(of: face.decoded.image, box: face.box, landmarks: face.landmarks))
        }
        let report = processed.result.report
        if let refusal = report.refusal {
            try await log(.inputRefused, reason: refusal.code, detail: refusal.message, identityHash: identityHash)
            var error = APIError.refusal(code: refusal.code, message: refusal.message)
            if let quality = report.quality { error = error.with("quality", quality) }
            throw error
        }
        let acceptance = CaptureAcceptance(report)
        if !acceptance.accepted {
            let failing = acceptance.failing
            try await log(.qualityFailed, reason: failing.joined(separator: ","), detail: "quality check failed", identityHash: identityHash)
            throw APIError.unprocessable("quality_failed", "the photo failed the quality check (\(failing.joined(separator: ", "))); follow the guidance and take it again")
                .with("quality", report.quality)
        }

        // Same person as the library's earlier photos?
        var override: NewCapture.Override?
        if let person = try await request.library.person(identity, on: db),
           let current = try await request.library.currentCapture(of: try person.requireID(), on: db),
           let sealed = current.descriptorSealed, let descriptor = processed.descriptor {
            let comparison = IdentityComparison(descriptor, try request.library.openDescriptor(sealed))
            if !comparison.samePerson {
                override = try await authorizeOverride(site: site)
                if override == nil {
                    let detail = String(format: "face distance %.3f to capture %@ (threshold %.2f)", comparison.distance, current.id!.uuidString, comparison.threshold)
                    try await log(.identityMismatch, reason: "identity_mismatch", detail: detail, identityHash: identityHash)
                    let message = staff == nil
                        ? "this face does not match your photo taken \(CityTime.day(current.capturedAt)) at \(current.site.name), so it cannot replace it from a phone; please have your photo taken at a photo site with your ID card"
                        : "the face does not match this person's photo taken \(CityTime.day(current.capturedAt)) at \(current.site.name); check the document, and a site admin must confirm with a reason to accept"
                    throw APIError(status: .conflict, code: "identity_mismatch", message: message)
                        .with("distance", comparison.distance).with("threshold", comparison.threshold).with("previousCaptureId", current.id)
                }
            }
        }

        // Blobs first (durable), rows after, in one transaction.
        let library = request.library
        let result = processed.result
        let stored = try await request.application.threadPool.runIfActive { try acceptance.storeKeptPhotos(of: result, in: library) }
        let new = NewCapture(id: metadata.captureId, identity: identity, name: name, siteID: try site.requireID(), siteCode: site.code,
                             deviceID: device?.id, deviceCode: device?.code, operatorID: staff?.id, channel: channel, capturedAt: capturedAt,
                             latitude: metadata.location?.lat, longitude: metadata.location?.lon, quality: report.quality,
                             descriptor: processed.descriptor, override: override, photos: stored)
        let (capture, isNew) = try await library.record(new, on: db)
        try await capture.$site.load(on: db)
        try await capture.$device.load(on: db)
        request.logger.info("capture stored", metadata: ["capture": "\(capture.id!)", "site": "\(site.code)", "photos": "\(stored.count)", "new": "\(isNew)"])
        var response = try CaptureResponse(capture)
        response.omitted = acceptance.omitted
        return try await APIResponse.json(response, status: isNew ? .created : .ok)
    }

    /// A site admin's override: the uploader's own role, or a site admin's token in the metadata.
    private func authorizeOverride(site: Site) async throws -> NewCapture.Override? {
        guard let requested = metadata.override, let staff else { return nil }
        let reason = requested.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard reason.count >= 4 else {
            throw APIError.unprocessable("override_reason_required", "an identity override needs a reason of at least 4 characters (the document checked)")
        }
        if staff.role == .siteAdmin || staff.role == .cityAdmin { return .init(reason: reason, staffID: staff.id) }
        guard let token = requested.adminToken, let admin = try await StaffToken.liveStaff(bearing: token, on: request.db),
              admin.role == .cityAdmin || (admin.role == .siteAdmin && admin.$site.id == site.id) else {
            throw APIError.forbidden("an identity override must be confirmed by a site admin of \(site.code): sign them in and send their token as override.adminToken")
        }
        return .init(reason: reason, staffID: try admin.requireID())
    }

    private func log(_ outcome: CaptureLog.Outcome, reason: String?, detail: String?, identityHash: String?, captureID: UUID? = nil) async throws {
        let entry = CaptureLog(at: Date(), outcome: outcome, reasonCode: reason, detail: detail, identityHash: identityHash,
                               siteCode: metadata.siteCode, deviceCode: metadata.deviceId, operatorID: staff?.id, channel: metadata.channel,
                               capturedAt: metadata.capturedAt, latitude: metadata.location?.lat, longitude: metadata.location?.lon)
        entry.captureID = captureID
        try await entry.create(on: request.db)
    }

}
