import FluentKit
import Foundation

/// Another government department (health insurance, maritime, veterans' affairs, …) that
/// receives citizens' photos for its matters.
public final class Department: Model, @unchecked Sendable {
    public static let schema = "departments"

    @ID(key: .id) public var id: UUID?
    /// Short code, e.g. `HEALTH-INS`.
    @Field(key: "code") public var code: String
    @Field(key: "name") public var name: String
    @Field(key: "active") public var active: Bool
    @Children(for: \.$department) public var matters: [Matter]
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public init(code: String, name: String) {
        self.code = code
        self.name = name
        active = true
    }
}

/// One service of a department that needs a citizen's photo (e.g. applying for a medical
/// insurance card). What it may receive is its current `MatterPolicy`.
public final class Matter: Model, @unchecked Sendable {
    public static let schema = "matters"

    @ID(key: .id) public var id: UUID?
    @Field(key: "code") public var code: String
    @Parent(key: "department_id") public var department: Department
    @Field(key: "name") public var name: String
    /// The version of the policy in force; older versions stay for the grants made under them.
    @Field(key: "policy_version") public var policyVersion: Int
    @Field(key: "active") public var active: Bool
    @Children(for: \.$matter) public var policies: [MatterPolicy]
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public init(code: String, departmentID: UUID, name: String) {
        self.code = code
        $department.id = departmentID
        self.name = name
        policyVersion = 1
        active = true
    }
}

/// What a matter may receive, as published at one version: the spec and background of the
/// photo, the purpose, whether the citizen must consent or a legal basis suffices, how long
/// the department keeps it, whether the photo carries a visible watermark, and how long and
/// how often a citizen's grant for it may be used. A version is never edited: a change is a
/// new version, and grants keep the version they were made under.
public final class MatterPolicy: Model, @unchecked Sendable {
    public static let schema = "matter_policies"

    public enum Consent: String, Codable, Sendable, CaseIterable {
        /// Public-service matters: only with the citizen's grant.
        case required
        /// Police business and the like: the department may fetch by identity number.
        case legalBasis = "legal-basis"
    }

    @ID(key: .id) public var id: UUID?
    @Parent(key: "matter_id") public var matter: Matter
    @Field(key: "version") public var version: Int
    @Field(key: "spec") public var spec: String
    /// Catalog colour name of the photo's background.
    @Field(key: "background") public var background: String
    @Field(key: "purpose") public var purpose: String
    /// The purpose in English, for the watermark's second line.
    @OptionalField(key: "purpose_en") public var purposeEn: String?
    @Field(key: "consent") public var consent: Consent
    @OptionalField(key: "retention_note") public var retentionNote: String?
    @Field(key: "watermark") public var watermark: Bool
    @Field(key: "grant_minutes") public var grantMinutes: Int
    @Field(key: "grant_uses") public var grantUses: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public init(matterID: UUID, version: Int, terms: MatterTerms) {
        $matter.id = matterID
        self.version = version
        spec = terms.spec
        background = terms.background
        purpose = terms.purpose
        purposeEn = terms.purposeEn
        consent = terms.consent
        retentionNote = terms.retentionNote
        watermark = terms.watermark
        grantMinutes = terms.grantMinutes
        grantUses = terms.grantUses
    }

    public var terms: MatterTerms {
        MatterTerms(spec: spec, background: background, purpose: purpose, purposeEn: purposeEn, consent: consent, retentionNote: retentionNote,
                    watermark: watermark, grantMinutes: grantMinutes, grantUses: grantUses)
    }
}

/// The contents of a policy version, apart from its matter and number.
public struct MatterTerms: Sendable, Equatable, Codable {
    public var spec: String
    public var background: String
    public var purpose: String
    public var purposeEn: String?
    public var consent: MatterPolicy.Consent
    public var retentionNote: String?
    public var watermark: Bool
    /// How long a new grant may be redeemed (default 10 minutes).
    public var grantMinutes: Int
    /// How many times a new grant may be redeemed (default once).
    public var grantUses: Int

    public init(spec: String, background: String, purpose: String, purposeEn: String? = nil, consent: MatterPolicy.Consent = .required,
                retentionNote: String? = nil, watermark: Bool = false, grantMinutes: Int = 10, grantUses: Int = 1) {
        self.spec = spec
        self.background = background
        self.purpose = purpose
        self.purposeEn = purposeEn
        self.consent = consent
        self.retentionNote = retentionNote
        self.watermark = watermark
        self.grantMinutes = grantMinutes
        self.grantUses = grantUses
    }
}
