import PhotoStore
import Vapor

/// The one place errors become HTTP: `APIError` as it is, Vapor's own aborts (unknown route,
/// body too large) and decoding failures with a code and a sentence, anything else as a 500
/// whose details stay in the log.
struct APIErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let apiError = Self.translate(error, request: request)
            if apiError.status == .internalServerError {
                request.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.url.path)"])
            }
            var headers = HTTPHeaders()
            headers.contentType = .json
            if apiError.status == .unauthorized { headers.add(name: .wwwAuthenticate, value: "Bearer") }
            return Response(status: apiError.status, headers: headers, body: .init(string: apiError.body))
        }
    }

    static func translate(_ error: any Error, request: Request) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case is AuditUnavailable:
            // The reason (a path, a full disk) is logged by the journal, not told to the caller.
            return APIError(status: .serviceUnavailable, code: "audit_unavailable",
                            message: "the access could not be recorded in the audit log, so nothing was released; try again shortly, and tell the administrator if it persists")
        case let error as DecodingError:
            return .badRequest("invalid_request", "the request body could not be read: \(Self.describe(error))")
        case let abort as any AbortError:
            switch abort.status {
            case .payloadTooLarge:
                return APIError(status: .payloadTooLarge, code: "payload_too_large", message: "the upload is larger than the server accepts; send a smaller photo")
            case .notFound:
                return APIError(status: .notFound, code: "not_found", message: "no such route: \(request.method.rawValue) \(request.url.path)")
            case .unsupportedMediaType:
                return APIError(status: .unsupportedMediaType, code: "unsupported_media_type", message: abort.reason)
            default:
                return APIError(status: abort.status, code: abort.status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "_"), message: abort.reason)
            }
        default:
            return APIError(status: .internalServerError, code: "internal_error", message: "the server failed to handle this request; it has been logged")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map(\.stringValue).filter { !$0.isEmpty }
            return keys.isEmpty ? "" : " at \(keys.joined(separator: "."))"
        }
        switch error {
        case let .keyNotFound(key, context): return "missing \"\(key.stringValue)\"\(path(context))"
        case let .typeMismatch(_, context), let .valueNotFound(_, context), let .dataCorrupted(context):
            return context.debugDescription + path(context)
        @unknown default: return "malformed"
        }
    }
}
