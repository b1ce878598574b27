import Foundation
import Testing
@testable import PhotoStore

@Suite struct UUIDTextTests {
    @Test func theTableMadeTextEqualsFoundationsInBothCases() {
        var ids = [UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)),
                   UUID(uuid: (255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255))]
        ids += (0..<2000).map { _ in UUID() } + (0..<100).map { _ in UUID.timeOrdered() }
        for id in ids {
            #expect(id.text() == id.uuidString)
            #expect(id.text(lowercase: true) == id.uuidString.lowercased())
        }
    }

    @Test func anAuditEntryEncodesItsIdsAsFoundationDoesAndDecodesBack() throws {
        let person = UUID(), photo = UUID(), grant = UUID()
        let full = AuditEntry(at: Date(timeIntervalSince1970: 1_790_000_000.125), actorKind: .departmentUser, actorID: "key-1",
                              actorName: "desk", role: "department-user", departmentCode: "MSA", personID: person, photoID: photo,
                              matterCode: "M-1", grantID: grant, action: AuditAction.grantRedeem, purpose: "licence renewal",
                              outcome: "expired", ip: "10.0.0.1", detail: "code typed")
        let bare = AuditEntry(actorKind: .system, actorID: "anonymous", action: AuditAction.photoView)
        for entry in [full, bare] {
            let json = try JSONEncoder().encode(entry)
            #expect(try JSONDecoder().decode(AuditEntry.self, from: json) == entry)
        }
        let fields = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(full)) as? [String: Any])
        #expect(fields["personID"] as? String == person.uuidString)
        #expect(fields["photoID"] as? String == photo.uuidString)
        #expect(fields["grantID"] as? String == grant.uuidString)
        #expect(fields.count == 15, "every field present")
        let bareFields = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(bare)) as? [String: Any])
        #expect(Set(bareFields.keys) == ["at", "actorKind", "actorID", "action", "outcome"], "absent fields are left out, as synthesised")
    }
}
