import Fluent
import PhotoStore
import Vapor

/// The signed-in citizen a request acts as.
struct CitizenPrincipal: Authenticatable, Sendable {
    var personID: UUID
    var name: String
    var identityType: IdentityType
    var identityMasked: String
    var provider: CitizenSession.Provider
}

/// Citizen tokens (`cit_…`, from an identity provider's sign-in) as bearer tokens: found by
/// their SHA-256 and refused once expired.
struct CitizenAuthenticator: AsyncBearerAuthenticator {
    func authenticate(bearer: BearerAuthorization, for request: Request) async throws {
        guard bearer.token.hasPrefix(CitizenSession.tokenPrefix),
              let session = try await CitizenSession.query(on: request.db).filter(\.$tokenHash == TokenHash.of(bearer.token))
                  .filter(\.$expiresAt > Date()).with(\.$person).first() else { return }
        let person: Person = session.person
        request.auth.login(CitizenPrincipal(personID: try person.requireID(), name: person.name, identityType: person.identityType,
                                            identityMasked: person.identityMasked, provider: session.provider))
    }
}

extension Request {
    /// The signed-in citizen; 401 otherwise.
    func requireCitizen() throws -> CitizenPrincipal {
        guard let citizen = auth.get(CitizenPrincipal.self) else {
            throw APIError(status: .unauthorized, code: "unauthorized",
                           message: "sign in as a citizen first (the city's identity platform, or in demos the development identity provider)")
        }
        return citizen
    }
}

extension CitizenSession {
    /// Signs `person` in: a new session and its token (returned once, stored only hashed).
    static func open(for person: Person, provider: Provider, lifetime: TimeInterval, on db: any Database) async throws -> (token: String, expiresAt: Date) {
        let token = tokenPrefix + TokenHash.newToken()
        let expiry = Date().addingTimeInterval(lifetime)
        try await CitizenSession(personID: try person.requireID(), tokenHash: TokenHash.of(token), provider: provider, expiresAt: expiry)
            .create(on: db)
        return (token, expiry)
    }
}
