import Crypto
import Fluent
import PhotoStore
import Vapor

/// The relying party for the government identity platform: authorization code flow with
/// PKCE (S256), state and nonce. `GET /me/sign-in/oidc` sends the browser to the provider;
/// `GET /me/sign-in/oidc/callback` exchanges the code, verifies the ID token (RS256 against
/// the provider's JWKS; issuer, audience, expiry, nonce), finds or registers the person and
/// opens a citizen session, which it hands to the page without putting it in a URL.
struct OpenIDConnectController: RouteCollection {
    let settings: OpenIDConnectSettings?
    let pending = PendingSignIns()
    let provider = ProviderMetadata()
    static let stateCookie = "photoonce_oidc_state"

    func boot(routes: any RoutesBuilder) throws {
        let oidc = routes.grouped("me", "sign-in", "oidc")
        oidc.get(use: start)
        oidc.get("callback", use: callback)
    }

    // MARK: start

    func start(_ request: Request) async throws -> Response {
        guard let settings else {
            return Self.page(status: .notFound, title: "未启用 · Not available",
                             message: "本节点未接入政务服务平台登录。· This node is not connected to the government identity platform.", code: "oidc_not_configured")
        }
        do {
            let metadata = try await provider.metadata(settings, client: request.client)
            let state = Self.random(), nonce = Self.random(), verifier = Self.random()
            await pending.put(state, PendingSignIns.Entry(nonce: nonce, verifier: verifier, at: Date()))
            var components = URLComponents(string: metadata.authorizationEndpoint)!
            components.queryItems = (components.queryItems ?? []) + [
                URLQueryItem(name: "response_type", value: "code"), URLQueryItem(name: "client_id", value: settings.clientID),
                URLQueryItem(name: "redirect_uri", value: settings.redirectURI), URLQueryItem(name: "scope", value: settings.scopes),
                URLQueryItem(name: "state", value: state), URLQueryItem(name: "nonce", value: nonce),
                URLQueryItem(name: "code_challenge", value: Base64URL.encode(Data(SHA256.hash(data: Data(verifier.utf8))))),
                URLQueryItem(name: "code_challenge_method", value: "S256"),
            ]
            let response = request.redirect(to: components.url!.absoluteString, redirectType: .normal)
            // Binds the sign-in to this browser: a callback carrying someone else's state is refused.
            response.cookies[Self.stateCookie] = HTTPCookies.Value(string: state, maxAge: Int(PendingSignIns.lifetime), path: "/me/sign-in/oidc",
                                                                   isSecure: settings.redirectURI.hasPrefix("https:"), isHTTPOnly: true, sameSite: .lax)
            return response
        } catch let error as OpenIDConnectError {
            return Self.page(error)
        }
    }

    // MARK: callback

    struct Callback: Content {
        var code: String?
        var state: String?
        var error: String?
        var error_description: String?
    }

    func callback(_ request: Request) async throws -> Response {
        guard let settings else { return try await start(request) }
        do {
            let query = try request.query.decode(Callback.self)
            guard let state = query.state, !state.isEmpty else {
                throw OpenIDConnectError(status: 400, code: "oidc_state_mismatch", message: "the identity platform's answer carries no state; start the sign-in again")
            }
            guard request.cookies[Self.stateCookie]?.string == state, let entry = await pending.take(state) else {
                throw OpenIDConnectError(status: 400, code: "oidc_state_mismatch",
                                         message: "this sign-in was not started in this browser, was already used, or took longer than 10 minutes; start it again")
            }
            if let error = query.error {
                throw OpenIDConnectError(status: 401, code: "oidc_denied", message: "the identity platform did not sign you in: \(query.error_description ?? error)")
            }
            guard let code = query.code, !code.isEmpty else {
                throw OpenIDConnectError(status: 400, code: "oidc_code_missing", message: "the identity platform's answer carries no authorization code")
            }
            let idToken = try await exchange(code: code, verifier: entry.verifier, settings: settings, client: request.client)
            let keys = try await provider.keys(settings, client: request.client, kid: IDTokenVerifier.keyID(of: idToken))
            let claims = try IDTokenVerifier(issuer: settings.issuer, clientID: settings.clientID)
                .verify(idToken, keys: keys, nonce: entry.nonce, now: Date())
            let response = try await signIn(request, claims: claims, settings: settings)
            response.cookies[Self.stateCookie] = HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/me/sign-in/oidc")
            return response
        } catch let error as OpenIDConnectError {
            request.logger.notice("oidc sign-in refused: \(error.code): \(error.message)")
            return Self.page(error)
        }
    }

    /// The token endpoint's answer for the code (client_secret_basic when there is a secret).
    func exchange(code: String, verifier: String, settings: OpenIDConnectSettings, client: any Client) async throws -> String {
        let metadata = try await provider.metadata(settings, client: client)
        struct Form: Content {
            var grant_type = "authorization_code"
            var code: String
            var redirect_uri: String
            var client_id: String
            var code_verifier: String
        }
        let response: ClientResponse
        do {
            response = try await client.post(URI(string: metadata.tokenEndpoint)) { outgoing in
                if let secret = settings.clientSecret {
                    // RFC 6749 §2.3.1: both form-encoded before Basic (unreserved characters stay).
                    let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
                    let id = settings.clientID.addingPercentEncoding(withAllowedCharacters: unreserved) ?? settings.clientID
                    let password = secret.addingPercentEncoding(withAllowedCharacters: unreserved) ?? secret
                    outgoing.headers.basicAuthorization = BasicAuthorization(username: id, password: password)
                }
                try outgoing.content.encode(Form(code: code, redirect_uri: settings.redirectURI, client_id: settings.clientID, code_verifier: verifier),
                                            as: .urlEncodedForm)
            }
        } catch {
            throw OpenIDConnectError.provider("the identity platform's token endpoint cannot be reached (\(error))")
        }
        let body = response.body.map { Data($0.readableBytesView) } ?? Data()
        let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        guard response.status == .ok else {
            let reason = (object?["error_description"] as? String) ?? (object?["error"] as? String) ?? "HTTP \(response.status.code)"
            throw OpenIDConnectError(status: 401, code: "oidc_code_refused", message: "the identity platform refused the authorization code: \(reason)")
        }
        guard let idToken = object?["id_token"] as? String else {
            throw OpenIDConnectError.provider("the identity platform's token answer has no id_token")
        }
        return idToken
    }

    /// The person the verified claims name (registered on first sign-in) and a new session.
    func signIn(_ request: Request, claims: [String: any Sendable], settings: OpenIDConnectSettings) async throws -> Response {
        let typeName = (claims[settings.identityTypeClaim] as? String) ?? IdentityType.residentID.rawValue
        guard let number = claims[settings.identityNumberClaim] as? String, let name = (claims[settings.nameClaim] as? String)?
            .trimmingCharacters(in: .whitespacesAndNewlines), !name.isEmpty else {
            throw OpenIDConnectError(status: 422, code: "oidc_identity_missing",
                                     message: "the identity platform did not give the identity number (claim \(settings.identityNumberClaim)) and name (claim \(settings.nameClaim))")
        }
        let identity: IdentityNumber
        do { identity = try IdentityNumber(typeName: typeName, number: number) } catch {
            throw OpenIDConnectError(status: 422, code: "oidc_identity_invalid", message: "the identity platform's identity number is not valid: \(error.description)")
        }
        let library = request.library, chain = request.application.auditChain
        let lifetime = request.application.photoOnceConfiguration.citizenTokenLifetime
        let ip = request.remoteAddress?.ipAddress, issuer = settings.issuer
        let session = try await library.transaction(on: request.db) { db in
            let person: Person
            if let existing = try await library.person(identity, on: db) {
                person = existing
            } else {
                person = try Person(identity: identity, name: String(name.prefix(64)), protector: library.identities)
                try await person.create(on: db)
            }
            let session = try await CitizenSession.open(for: person, provider: .openIDConnect, lifetime: lifetime, on: db)
            try await chain.append(AuditEntry(actorKind: .citizen, actorID: try person.requireID().uuidString, actorName: person.name,
                                              personID: try person.requireID(), action: AuditAction.citizenSignIn, ip: ip,
                                              detail: "OpenID Connect: \(issuer)"), on: db)
            return session
        }
        return Self.handOff(token: session.token, expiresAt: session.expiresAt)
    }

    // MARK: pages

    /// The signed-in page: the token is in a meta tag that `me-handoff.js` moves into the
    /// tab's session storage before opening My Photos (no token in a URL or the history).
    static func handOff(token: String, expiresAt: Date) -> Response {
        let html = """
        <!doctype html>
        <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="photoonce-citizen-token" content="\(escape(token))">
        <meta name="photoonce-citizen-expires" content="\(ISO8601DateFormatter().string(from: expiresAt))">
        <title>已登录 · Signed in — PhotoOnce</title><link rel="stylesheet" href="/assets/pages.css">
        <script type="module" src="/assets/me-handoff.js"></script></head>
        <body><main><section class="panel"><h1>已登录 <span lang="en">Signed in</span></h1>
        <p><a href="/me">打开“我的照片” <span lang="en">Open My Photos</span></a></p></section></main></body></html>
        """
        return htmlResponse(html, status: .ok)
    }

    static func page(_ error: OpenIDConnectError) -> Response {
        let zh = chinese[error.code].map { $0 + " · " } ?? ""
        return page(status: HTTPResponseStatus(statusCode: Int(error.status)), title: "登录未成功 · Sign-in failed", message: zh + error.message, code: error.code)
    }

    /// What each refusal means, in Chinese first (the English sentence follows it).
    static let chinese: [String: String] = [
        "oidc_state_mismatch": "登录请求已失效或不是在本浏览器发起的，请重新登录",
        "oidc_nonce_mismatch": "身份令牌与本次登录不符，请重新登录",
        "oidc_token_expired": "身份令牌已过期，请重新登录",
        "oidc_bad_signature": "身份令牌签名无效",
        "oidc_wrong_issuer": "身份令牌不是由政务服务平台签发的",
        "oidc_wrong_audience": "身份令牌不是签发给本系统的",
        "oidc_unsupported_alg": "身份令牌的签名算法不被接受",
        "oidc_unknown_key": "身份令牌使用了平台未公布的密钥",
        "oidc_token_malformed": "身份令牌格式不正确",
        "oidc_code_refused": "政务服务平台拒绝了授权码，请重新登录",
        "oidc_code_missing": "平台返回的结果中没有授权码",
        "oidc_denied": "政务服务平台未完成登录",
        "oidc_identity_missing": "平台没有提供证件号码和姓名",
        "oidc_identity_invalid": "平台提供的证件号码无效",
        "oidc_provider_error": "暂时无法连接政务服务平台，请稍后再试",
    ]

    static func page(status: HTTPResponseStatus, title: String, message: String, code: String) -> Response {
        let html = """
        <!doctype html>
        <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title)) — PhotoOnce</title><link rel="stylesheet" href="/assets/pages.css"></head>
        <body><main><section class="panel"><h1>\(escape(title))</h1>
        <p class="error" role="alert" data-error="\(escape(code))">\(escape(message))</p>
        <p class="hint">错误代码 <span lang="en">Error code</span>: <code>\(escape(code))</code></p>
        <p><a class="button" href="/me/sign-in">重新登录 <span lang="en">Sign in again</span></a></p></section></main></body></html>
        """
        return htmlResponse(html, status: status)
    }

    static func htmlResponse(_ html: String, status: HTTPResponseStatus) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "html", parameters: ["charset": "utf-8"])
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        headers.replaceOrAdd(name: "Content-Security-Policy", value: "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
        headers.replaceOrAdd(name: "Referrer-Policy", value: "no-referrer")
        return Response(status: status, headers: headers, body: .init(string: html))
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }

    static func random() -> String {
        Base64URL.encode(SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) })
    }
}

/// Sign-ins on their way through the provider, by state: single use, 10 minutes.
actor PendingSignIns {
    struct Entry: Sendable {
        var nonce: String
        var verifier: String
        var at: Date
    }

    static let lifetime: TimeInterval = 600
    /// Bounded so a flood of started sign-ins cannot grow memory without end.
    static let capacity = 10_000
    private var entries: [String: Entry] = [:]

    func put(_ state: String, _ entry: Entry) {
        let cutoff = Date().addingTimeInterval(-Self.lifetime)
        if entries.count >= Self.capacity { entries = entries.filter { $0.value.at > cutoff } }
        if entries.count >= Self.capacity, let oldest = entries.min(by: { $0.value.at < $1.value.at }) { entries[oldest.key] = nil }
        entries[state] = entry
    }

    func take(_ state: String) -> Entry? {
        guard let entry = entries.removeValue(forKey: state), entry.at > Date().addingTimeInterval(-Self.lifetime) else { return nil }
        return entry
    }
}

/// The provider's discovery document and keys, fetched once and again when a token names a
/// key not yet seen (key rotation).
actor ProviderMetadata {
    struct Endpoints: Sendable {
        var authorizationEndpoint: String
        var tokenEndpoint: String
        var jwksURI: String
    }

    private var endpoints: Endpoints?
    private var keys: [JSONWebKey] = []
    private var keysFetched: Date?

    func metadata(_ settings: OpenIDConnectSettings, client: any Client) async throws -> Endpoints {
        if let endpoints { return endpoints }
        let data = try await fetch(settings.issuer + "/.well-known/openid-configuration", client: client, what: "discovery document")
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
              let authorization = object["authorization_endpoint"] as? String, let token = object["token_endpoint"] as? String,
              let jwks = object["jwks_uri"] as? String else {
            throw OpenIDConnectError.provider("the identity platform's discovery document lacks authorization_endpoint, token_endpoint or jwks_uri")
        }
        guard (object["issuer"] as? String).map({ $0.hasSuffix("/") ? String($0.dropLast()) : $0 }) == settings.issuer else {
            throw OpenIDConnectError.provider("the discovery document names issuer \(object["issuer"] as? String ?? "-"), not the configured \(settings.issuer)")
        }
        if let methods = object["code_challenge_methods_supported"] as? [String], !methods.contains("S256") {
            throw OpenIDConnectError.provider("the identity platform does not support PKCE with S256")
        }
        let found = Endpoints(authorizationEndpoint: authorization, tokenEndpoint: token, jwksURI: jwks)
        endpoints = found
        return found
    }

    func keys(_ settings: OpenIDConnectSettings, client: any Client, kid: String?) async throws -> [JSONWebKey] {
        let known = kid.map { kid in keys.contains { $0.kid == kid } } ?? !keys.isEmpty
        // Fetch again for an unknown key id, at most once a minute.
        if !known, keysFetched.map({ Date().timeIntervalSince($0) > 60 }) ?? true {
            let metadata = try await metadata(settings, client: client)
            keys = try JSONWebKey.keys(fromJWKS: try await fetch(metadata.jwksURI, client: client, what: "signing keys (JWKS)"))
            keysFetched = Date()
        }
        return keys
    }

    private func fetch(_ url: String, client: any Client, what: String) async throws -> Data {
        let response: ClientResponse
        do { response = try await client.get(URI(string: url)) } catch {
            throw OpenIDConnectError.provider("the identity platform's \(what) cannot be fetched from \(url) (\(error))")
        }
        guard response.status == .ok, let body = response.body else {
            throw OpenIDConnectError.provider("the identity platform's \(what) at \(url) answered HTTP \(response.status.code)")
        }
        return Data(body.readableBytesView)
    }
}
