import Fluent
import PhotoStore
import Vapor

/// The development identity provider: a citizen "signs in" by stating an identity number
/// and a name, with no proof. It exists so demos and tests can act as citizens without the
/// government platform; it answers only when the server runs with `--demo` or
/// `--dev-identity` and refuses otherwise. Every response says it is the development provider.
struct DevIdentityController: RouteCollection {
    let enabled: Bool

    struct SignIn: Content {
        var identity: IdentityInput
        var name: String
    }

    struct IdentityInput: Content {
        var type: String
        var number: String
    }

    struct Session: Content {
        var token: String
        var expiresAt: Date
        var provider: String
        var person: PersonSummary
    }

    struct PersonSummary: Content {
        var name: String
        var identityType: String
        var identityMasked: String
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.post("dev", "identity", "login", use: login)
    }

    func login(_ request: Request) async throws -> Response {
        guard enabled else {
            throw APIError(status: .notFound, code: "dev_identity_disabled",
                           message: "the development identity provider is off on this server; citizens sign in through the city's identity platform (start the server with --dev-identity or --demo to enable it for testing)")
        }
        let input = try request.content.decode(SignIn.self)
        let name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 64 else { throw APIError.unprocessable("invalid_name", "give the citizen's name (1–64 characters)") }
        let identity = try IdentityNumber.parsing(type: input.identity.type, number: input.identity.number)
        let library = request.library
        let lifetime = request.application.photoOnceConfiguration.citizenTokenLifetime
        let ip = request.remoteAddress?.ipAddress
        let chain = request.application.auditChain
        let (person, session) = try await library.transaction(on: request.db) { db in
            let person: Person
            if let existing = try await library.person(identity, on: db) {
                person = existing
            } else {
                person = try Person(identity: identity, name: name, protector: library.identities)
                try await person.create(on: db)
            }
            let session = try await CitizenSession.open(for: person, provider: .development, lifetime: lifetime, on: db)
            try await chain.append(AuditEntry(actorKind: .citizen, actorID: try person.requireID().uuidString, actorName: person.name,
                                              personID: try person.requireID(), action: AuditAction.citizenSignIn, ip: ip,
                                              detail: "development identity provider"), on: db)
            return (person, session)
        }
        return try await APIResponse.json(Session(token: session.token, expiresAt: session.expiresAt, provider: "development",
                                                  person: PersonSummary(name: person.name, identityType: person.identityType.rawValue,
                                                                        identityMasked: person.identityMasked)))
    }
}
