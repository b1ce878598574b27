import Fluent
import PhotoKit
import PhotoStore
import Vapor

/// Lookups by identity: the "no need to shoot again" status and the photo history.
struct PersonsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let person = routes.grouped("persons", ":type", ":number")
        person.get("status", use: status)
        person.get("photos", use: photos)
    }

    private func identity(_ request: Request) throws -> IdentityNumber {
        try IdentityNumber.parsing(type: request.parameters.get("type") ?? "", number: request.parameters.get("number") ?? "")
    }

    func status(_ request: Request) async throws -> Response {
        _ = try request.requireStaff(.capturing)
        let identity = try identity(request)
        let person = try await request.library.person(identity, on: request.db)
        try await request.recordAccess(request.auditEntry(action: AuditAction.personStatus, personID: person?.id, purpose: "capture: reuse check"))
        let current = try await person.asyncMap { try await request.library.currentCapture(of: try $0.requireID(), on: request.db) } ?? nil
        return try await APIResponse.json(ReuseStatus.judge(current, registered: person != nil, catalog: request.imaging.catalog))
    }

    struct History: Content {
        var identityType: String
        var name: String?
        var captures: [CaptureResponse]
    }

    func photos(_ request: Request) async throws -> Response {
        _ = try request.requireStaff(.capturing)
        let identity = try identity(request)
        guard let person = try await request.library.person(identity, on: request.db) else {
            throw APIError.notFound("a person with this \(identity.type.name.en) number")
        }
        try await request.recordAccess(request.auditEntry(action: AuditAction.personHistory, personID: person.id, purpose: "capture: photo history"))
        let captures = try await Capture.query(on: request.db).filter(\.$person.$id == person.requireID())
            .sort(\.$capturedAt, .descending).with(\.$site).with(\.$device).with(\.$photos).all()
        return try await APIResponse.json(History(identityType: identity.type.rawValue, name: person.name,
                                                  captures: try captures.map { try CaptureResponse($0, includeQuality: false) }))
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
