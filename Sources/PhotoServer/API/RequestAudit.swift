import PhotoStore
import Vapor

extension Request {
    /// An audit entry for this request's signed-in actor (staff, citizen, or the issuer of a
    /// capture link), its IP and now; the caller adds whose data and what was done.
    func auditEntry(action: String, personID: UUID? = nil, photoID: UUID? = nil, purpose: String? = nil) -> AuditEntry {
        var entry = AuditEntry(actorKind: .system, actorID: "anonymous", action: action, ip: remoteAddress?.ipAddress)
        if let staff = auth.get(StaffPrincipal.self) {
            entry.actorKind = staff.role == .departmentUser ? .departmentUser : .staff
            entry.actorID = staff.id.text()
            entry.actorName = staff.username
            entry.role = staff.role.rawValue
        } else if let citizen = auth.get(CitizenPrincipal.self) {
            entry.actorKind = .citizen
            entry.actorID = citizen.personID.text()
            entry.actorName = citizen.name
            entry.role = "citizen"
        } else if let link = auth.get(CaptureLinkPrincipal.self) {
            entry.actorKind = .staff
            entry.actorID = link.issuer.id.text()
            entry.actorName = link.issuer.username
            entry.role = link.issuer.role.rawValue
            entry.detail = "phone capture link"
        }
        entry.personID = personID
        entry.photoID = photoID
        entry.purpose = purpose
        return entry
    }

    /// Records a read access durably before its data is released (group-committed).
    func recordAccess(_ entry: AuditEntry) async throws {
        try await application.auditJournal.record(entry)
    }

    /// Chains the accesses still in the audit spool, so a reader of the log sees them all.
    func settleAuditLog() async throws {
        try await application.auditJournal.settle()
    }
}
