import Crypto
import Fluent
import Foundation
import PhotoKit
import PhotoStore
import Vapor

/// Set-up of departments, matters, policies, department users and API keys, behind the
/// `departments`, `matters` and `staff` commands and the demo: checked here so every way in
/// refuses the same things.
public enum SharingAdministration {
    typealias Refusal = LibraryAdministration.Refusal

    /// Specs a matter may ask for: those the library stores for every capture (others would
    /// need rendering from the master on each request, which the library does not do yet).
    public static var deliverableSpecs: [String] { SpecCatalog.captureSet.filter { $0 != "master" } }

    static func checkCode(_ code: String, _ what: String) throws {
        guard !code.isEmpty, code.count <= 32, code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
            throw Refusal("the \(what) code must be 1–32 letters, digits or dashes")
        }
    }

    public static func addDepartment(_ app: Application, code: String, name: String) async throws {
        try checkCode(code, "department")
        guard !name.isEmpty else { throw Refusal("give the department a --name") }
        if try await Department.query(on: app.db).filter(\.$code == code).count() > 0 { throw Refusal("department \(code) exists already") }
        try await Department(code: code, name: name).create(on: app.db)
    }

    public static func listDepartments(_ app: Application) async throws -> [Department] {
        try await Department.query(on: app.db).sort(\.$code).with(\.$matters).all()
    }

    /// The terms checked against the catalog: a spec the library stores, and a background
    /// the spec allows (for official specs that is their standard colour only).
    public static func checkTerms(_ terms: MatterTerms, catalog: SpecCatalog) throws {
        guard let spec = catalog.spec(terms.spec) else { throw Refusal("no spec has the code \(terms.spec); see photoonce specs") }
        guard deliverableSpecs.contains(spec.code) else {
            throw Refusal("spec \(spec.code) is not stored for captures; a matter may use \(deliverableSpecs.joined(separator: ", "))")
        }
        guard spec.background.allowed.contains(terms.background) else {
            throw Refusal("\(spec.code) allows the background\(spec.background.allowed.count == 1 ? "" : "s") \(spec.background.allowed.joined(separator: ", ")), not \(terms.background)")
        }
        guard !terms.purpose.isEmpty else { throw Refusal("give the matter a purpose") }
        guard (1...1440).contains(terms.grantMinutes) else { throw Refusal("a grant may last 1–1440 minutes") }
        guard (1...100).contains(terms.grantUses) else { throw Refusal("a grant may be used 1–100 times") }
    }

    /// A new matter of a department with its first policy version.
    @discardableResult
    public static func addMatter(_ app: Application, code: String, departmentCode: String, name: String, terms: MatterTerms,
                                 catalog: SpecCatalog) async throws -> Matter {
        try checkCode(code, "matter")
        guard !name.isEmpty else { throw Refusal("give the matter a --name") }
        try checkTerms(terms, catalog: catalog)
        guard let department = try await Department.query(on: app.db).filter(\.$code == departmentCode).first() else {
            throw Refusal("no department has the code \(departmentCode)")
        }
        if try await Matter.query(on: app.db).filter(\.$code == code).count() > 0 { throw Refusal("matter \(code) exists already") }
        let departmentID = try department.requireID()
        return try await app.db.transaction { db in
            let matter = Matter(code: code, departmentID: departmentID, name: name)
            try await matter.create(on: db)
            try await MatterPolicy(matterID: try matter.requireID(), version: 1, terms: terms).create(on: db)
            return matter
        }
    }

    /// Publishes a new version of a matter's policy; grants made under earlier versions keep
    /// theirs. Returns the new version number.
    @discardableResult
    public static func changePolicy(_ db: any Database, matterCode: String, terms: MatterTerms, catalog: SpecCatalog) async throws -> Int {
        try checkTerms(terms, catalog: catalog)
        return try await db.transaction { db in
            guard let matter = try await Matter.query(on: db).filter(\.$code == matterCode).first() else {
                throw Refusal("no matter has the code \(matterCode)")
            }
            matter.policyVersion += 1
            try await matter.save(on: db)
            try await MatterPolicy(matterID: try matter.requireID(), version: matter.policyVersion, terms: terms).create(on: db)
            return matter.policyVersion
        }
    }

    public static func matterName(code: String, on db: any Database) async throws -> String {
        guard let matter = try await Matter.query(on: db).filter(\.$code == code).first() else { throw Refusal("no matter has the code \(code)") }
        return matter.name
    }

    public struct MatterListing: Sendable {
        public var matter: Matter
        public var departmentCode: String
        public var policy: MatterPolicy
    }

    public static func listMatters(_ db: any Database, departmentCode: String? = nil) async throws -> [MatterListing] {
        let matters = try await Matter.query(on: db).with(\.$department).with(\.$policies).sort(\.$code).all()
        return matters.compactMap { matter in
            guard departmentCode == nil || matter.department.code == departmentCode,
                  let policy = matter.policies.first(where: { $0.version == matter.policyVersion }) else { return nil }
            return MatterListing(matter: matter, departmentCode: matter.department.code, policy: policy)
        }
    }

    /// The department a department user is bound to.
    public static func departmentID(code: String, on db: any Database) async throws -> UUID {
        guard let department = try await Department.query(on: db).filter(\.$code == code).first() else {
            throw Refusal("no department has the code \(code)")
        }
        return try department.requireID()
    }

    public struct IssuedCredential: Sendable {
        public var keyID: String
        /// Shown once; only its sealed form is stored.
        public var secret: String
    }

    /// A new API key for a department's system.
    public static func addCredential(_ app: Application, departmentCode: String) async throws -> IssuedCredential {
        let departmentID = try await departmentID(code: departmentCode, on: app.db)
        let keyID = "pk_" + departmentCode.lowercased() + "_" + String(TokenHash.newToken().prefix(8))
        let secret = "sk_" + TokenHash.newToken()
        let sealed = try Data(app.library.sealer.seal(Array(secret.utf8))).base64EncodedString()
        try await DepartmentCredential(departmentID: departmentID, keyID: keyID, secretSealed: sealed).create(on: app.db)
        return IssuedCredential(keyID: keyID, secret: secret)
    }
}
