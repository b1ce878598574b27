import PhotoStore
import Vapor

/// Signs in the bearer of a token of any kind: staff (`POST /api/v1/auth/login`), citizen
/// (`CitizenAuthenticator`) or phone capture link (`CaptureLinkAuthenticator`).
///
/// One synchronous middleware rather than the three asynchronous ones: each of those started
/// a task and bridged its result back to a future, for every API call. A staff token the
/// cache knows (most calls) is now signed in on the spot; the others are looked up in one task.
struct BearerTokenAuthenticator: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard let bearer = request.headers.bearerAuthorization else { return next.respond(to: request) }
        if StaffAuthenticator.isStaffToken(bearer.token),
           let principal = request.application.staffTokens.principal(tokenHash: TokenHash.of(bearer.token)) {
            request.auth.login(principal)
            return next.respond(to: request)
        }
        return request.eventLoop.makeFutureWithTask {
            try await StaffAuthenticator().authenticate(bearer: bearer, for: request)
            try await CaptureLinkAuthenticator().authenticate(bearer: bearer, for: request)
            try await CitizenAuthenticator().authenticate(bearer: bearer, for: request)
        }.flatMap { next.respond(to: request) }
    }
}
