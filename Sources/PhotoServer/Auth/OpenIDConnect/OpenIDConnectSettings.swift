import Foundation

/// The government identity platform as an OpenID Connect provider, from the environment:
///
/// | variable | meaning | default |
/// |---|---|---|
/// | `PHOTOONCE_OIDC_ISSUER` | the provider's issuer URL; discovery is `<issuer>/.well-known/openid-configuration` | unset: OIDC off |
/// | `PHOTOONCE_OIDC_CLIENT_ID` | this node's client id at the provider | required with the issuer |
/// | `PHOTOONCE_OIDC_CLIENT_SECRET` | its secret (sent with HTTP Basic); unset for a public client (PKCE only) | none |
/// | `PHOTOONCE_OIDC_REDIRECT_URI` | `https://<this node>/me/sign-in/oidc/callback`, as registered | required with the issuer |
/// | `PHOTOONCE_OIDC_SCOPES` | scopes asked for | `openid profile` |
/// | `PHOTOONCE_OIDC_ID_TYPE_CLAIM` | claim with the identity document type (the API's words, e.g. `resident-id`) | `id_type`; absent in a token: `resident-id` |
/// | `PHOTOONCE_OIDC_ID_NUMBER_CLAIM` | claim with the identity number | `id_number` |
/// | `PHOTOONCE_OIDC_NAME_CLAIM` | claim with the person's name | `name` |
/// | `PHOTOONCE_OIDC_NAME` | the button's label on the sign-in page | `政务服务平台 Government services platform` |
public struct OpenIDConnectSettings: Sendable, Equatable {
    public var issuer: String
    public var clientID: String
    public var clientSecret: String?
    public var redirectURI: String
    public var scopes = "openid profile"
    public var identityTypeClaim = "id_type"
    public var identityNumberClaim = "id_number"
    public var nameClaim = "name"
    public var displayName = "政务服务平台 Government services platform"

    public init(issuer: String, clientID: String, clientSecret: String?, redirectURI: String) {
        self.issuer = issuer
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.redirectURI = redirectURI
    }

    /// The settings when `PHOTOONCE_OIDC_ISSUER` is set; each missing or malformed value is
    /// added to `problems`.
    static func fromEnvironment(_ environment: [String: String], problems: inout [String]) -> OpenIDConnectSettings? {
        func value(_ key: String) -> String? { environment[key].flatMap { $0.isEmpty ? nil : $0 } }
        guard let issuer = value("PHOTOONCE_OIDC_ISSUER") else { return nil }
        var missing: [String] = []
        if URL(string: issuer)?.scheme.map({ ["http", "https"].contains($0) }) != true { problems.append("PHOTOONCE_OIDC_ISSUER must be an http(s) URL") }
        let clientID = value("PHOTOONCE_OIDC_CLIENT_ID") ?? { missing.append("PHOTOONCE_OIDC_CLIENT_ID"); return "" }()
        let redirect = value("PHOTOONCE_OIDC_REDIRECT_URI") ?? { missing.append("PHOTOONCE_OIDC_REDIRECT_URI"); return "" }()
        if !missing.isEmpty { problems.append("PHOTOONCE_OIDC_ISSUER is set but \(missing.joined(separator: " and ")) \(missing.count == 1 ? "is" : "are") not") }
        if !redirect.isEmpty, URL(string: redirect)?.scheme.map({ ["http", "https"].contains($0) }) != true {
            problems.append("PHOTOONCE_OIDC_REDIRECT_URI must be an http(s) URL")
        }
        var settings = OpenIDConnectSettings(issuer: issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer, clientID: clientID,
                                             clientSecret: value("PHOTOONCE_OIDC_CLIENT_SECRET"), redirectURI: redirect)
        if let scopes = value("PHOTOONCE_OIDC_SCOPES") { settings.scopes = scopes.split(separator: " ").contains("openid") ? scopes : "openid " + scopes }
        if let claim = value("PHOTOONCE_OIDC_ID_TYPE_CLAIM") { settings.identityTypeClaim = claim }
        if let claim = value("PHOTOONCE_OIDC_ID_NUMBER_CLAIM") { settings.identityNumberClaim = claim }
        if let claim = value("PHOTOONCE_OIDC_NAME_CLAIM") { settings.nameClaim = claim }
        if let name = value("PHOTOONCE_OIDC_NAME") { settings.displayName = name }
        return settings
    }
}
