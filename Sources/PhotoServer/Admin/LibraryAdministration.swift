import Fluent
import Foundation
import PhotoStore
import Vapor

/// Set-up operations behind the library commands (`sites add`, `devices add`, `staff add`;
/// departments and matters in `SharingAdministration`):
/// checked here so the command line and later admin pages refuse the same things.
public enum LibraryAdministration {
    public struct Refusal: Error, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    public static func addSite(_ app: Application, code: String, name: String, kind: Site.Kind, latitude: Double?, longitude: Double?) async throws {
        if try await Site.query(on: app.db).filter(\.$code == code).count() > 0 { throw Refusal("site \(code) exists already") }
        try await Site(code: code, name: name, kind: kind, latitude: latitude, longitude: longitude).create(on: app.db)
    }

    public static func listSites(_ app: Application) async throws -> [Site] {
        try await Site.query(on: app.db).sort(\.$code).all()
    }

    public static func addDevice(_ app: Application, code: String, siteCode: String, kind: Device.Kind, name: String) async throws {
        guard let site = try await Site.query(on: app.db).filter(\.$code == siteCode).first() else { throw Refusal("no site has the code \(siteCode)") }
        if try await Device.query(on: app.db).filter(\.$code == code).count() > 0 { throw Refusal("device \(code) exists already") }
        try await Device(code: code, name: name, kind: kind, siteID: try site.requireID()).create(on: app.db)
    }

    public static func addStaff(_ app: Application, username: String, displayName: String, password: String, role: Staff.Role, siteCode: String?,
                                departmentCode: String? = nil) async throws {
        guard password.count >= 8 else { throw Refusal("the password must have at least 8 characters") }
        guard !username.isEmpty, username.count <= 64 else { throw Refusal("the username must be 1–64 characters") }
        if role.needsSite, siteCode == nil { throw Refusal("a \(role.rawValue) works at one site: give --site CODE") }
        if !role.needsSite, siteCode != nil { throw Refusal("a \(role.rawValue) is not bound to a site: leave out --site") }
        if role.needsDepartment, departmentCode == nil { throw Refusal("a \(role.rawValue) works for one department: give --department CODE") }
        if !role.needsDepartment, departmentCode != nil { throw Refusal("a \(role.rawValue) is not bound to a department: leave out --department") }
        let departmentID = try await departmentCode.asyncMap { try await SharingAdministration.departmentID(code: $0, on: app.db) }
        if try await Staff.query(on: app.db).filter(\.$username == username).count() > 0 { throw Refusal("\(username) exists already") }
        var siteID: UUID?
        if let siteCode {
            guard let site = try await Site.query(on: app.db).filter(\.$code == siteCode).first() else { throw Refusal("no site has the code \(siteCode)") }
            siteID = site.id
        }
        let hash = try await app.password.async.hash(password)
        try await Staff(username: username, displayName: displayName, passwordHash: hash, role: role, siteID: siteID, departmentID: departmentID)
            .create(on: app.db)
    }
}
