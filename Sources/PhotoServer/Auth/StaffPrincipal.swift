import PhotoStore
import Vapor

/// The signed-in member of staff a request acts as.
struct StaffPrincipal: Authenticatable, Sendable {
    var id: UUID
    var username: String
    var role: Staff.Role
    var siteID: UUID?
}

extension Request {
    /// The signed-in staff member if their role is one of `roles`; 401 without a valid
    /// token, 403 with the wrong role.
    func requireStaff(_ roles: Set<Staff.Role>) throws -> StaffPrincipal {
        guard let staff = auth.get(StaffPrincipal.self) else { throw APIError.unauthorized }
        guard roles.contains(staff.role) else {
            throw APIError.forbidden("the \(staff.role.rawValue) role may not do this; it needs \(roles.map(\.rawValue).sorted().joined(separator: " or "))")
        }
        return staff
    }
}

extension Set where Element == Staff.Role {
    /// Roles that run photo sites: take photos and look up persons.
    static let capturing: Set<Staff.Role> = [.operator, .siteAdmin, .cityAdmin]
    static let readingLogs: Set<Staff.Role> = [.siteAdmin, .cityAdmin, .auditor]
    static let viewingCaptures: Set<Staff.Role> = [.operator, .siteAdmin, .cityAdmin, .auditor]
    static let all = Set(Staff.Role.allCases)
}
