import FluentKit
import Foundation

/// A member of staff who signs in: operators and site admins belong to a site, city admins
/// and auditors to none.
public final class Staff: Model, @unchecked Sendable {
    public static let schema = "staff"

    public enum Role: String, Codable, CaseIterable, Sendable {
        case `operator` = "operator"
        case siteAdmin = "site-admin"
        case cityAdmin = "city-admin"
        case auditor
        /// Staff of another department (health, transport, …) who receive shared photos.
        case departmentUser = "department-user"

        /// Roles that act for one site and must be bound to it.
        public var needsSite: Bool { self == .operator || self == .siteAdmin }
        /// Roles that act for one department and must be bound to it.
        public var needsDepartment: Bool { self == .departmentUser }
    }

    @ID(key: .id) public var id: UUID?
    @Field(key: "username") public var username: String
    @Field(key: "display_name") public var displayName: String
    /// bcrypt hash; the password itself is never stored.
    @Field(key: "password_hash") public var passwordHash: String
    @Field(key: "role") public var role: Role
    @OptionalParent(key: "site_id") public var site: Site?
    /// The department a `department-user` works for (nil for every other role).
    @OptionalParent(key: "department_id") public var department: Department?
    @Field(key: "active") public var active: Bool
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public init(username: String, displayName: String, passwordHash: String, role: Role, siteID: UUID?, departmentID: UUID? = nil) {
        self.username = username
        self.displayName = displayName
        self.passwordHash = passwordHash
        self.role = role
        $site.id = siteID
        $department.id = departmentID
        active = true
    }
}
