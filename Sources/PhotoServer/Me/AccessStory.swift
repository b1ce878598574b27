import Fluent
import PhotoStore
import Vapor

/// "Who used my photo": the audit records about one person, told in plain words (Chinese
/// and English): who (role, site or department, never a member of staff's name), when,
/// what, for which matter or purpose, and the outcome.
enum AccessStory {
    struct Words: Content {
        var zh: String
        var en: String
    }

    struct Entry: Content {
        var seq: Int
        var at: Date
        var who: Words
        var what: Words
        var purpose: String?
        var matterCode: String?
        var departmentCode: String?
        var action: String
        var outcome: String
        var outcomeText: Words
        /// The person did it themselves.
        var byThemselves: Bool
    }

    struct Page: Content {
        var entries: [Entry]
        var nextBefore: Int?
    }

    static func list(_ request: Request) async throws -> Response {
        let subject = try await Subject.resolve(request)
        let personID = try subject.person.requireID()
        let limit = min(max(request.query[Int.self, at: "limit"] ?? 50, 1), 200)
        try await request.settleAuditLog()
        var query = AuditRecord.query(on: request.db).filter(\.$personID == personID)
        if let before = request.query[Int.self, at: "before"] { query = query.filter(\.$seq < before) }
        let records = try await query.sort(\.$seq, .descending).limit(limit + 1).all()
        let page = Array(records.prefix(limit))
        // Staff are told by their role and site, not by name.
        let staffIDs = Set(page.filter { $0.actorKind == AuditEntry.ActorKind.staff.rawValue }.compactMap { UUID(uuidString: $0.actorID) })
        let staff = staffIDs.isEmpty ? [] : try await Staff.query(on: request.db).filter(\.$id ~~ Array(staffIDs)).with(\.$site).all()
        let sites = Dictionary(uniqueKeysWithValues: staff.compactMap { member in member.id.map { ($0, member.site?.name) } })
        let citizens = Set(page.filter { $0.actorKind == AuditEntry.ActorKind.citizen.rawValue }.compactMap { UUID(uuidString: $0.actorID) })
        let people = citizens.isEmpty ? [] : try await Person.query(on: request.db).filter(\.$id ~~ Array(citizens)).all()
        let names = Dictionary(uniqueKeysWithValues: people.compactMap { person in person.id.map { ($0, person.name) } })
        let entries = page.map { record -> Entry in
            let actor = UUID(uuidString: record.actorID)
            let byThemselves = record.actorKind == AuditEntry.ActorKind.citizen.rawValue && actor == personID
            return Entry(seq: record.seq, at: record.at,
                         who: who(record, byThemselves: byThemselves, site: actor.flatMap { sites[$0] ?? nil }, citizen: actor.flatMap { names[$0] }),
                         what: what(record.action), purpose: record.purpose, matterCode: record.matterCode, departmentCode: record.departmentCode,
                         action: record.action, outcome: record.outcome, outcomeText: outcome(record.outcome), byThemselves: byThemselves)
        }
        return try await APIResponse.json(Page(entries: entries, nextBefore: records.count > limit ? page.last?.seq : nil))
    }

    static func who(_ record: AuditRecord, byThemselves: Bool, site: String?, citizen: String?) -> Words {
        switch AuditEntry.ActorKind(rawValue: record.actorKind) {
        case .citizen:
            if byThemselves { return Words(zh: "本人", en: "you (the person)") }
            return Words(zh: "家庭成员 \(citizen ?? "")", en: "family member \(citizen ?? "")")
        case .staff:
            let role = roleWords(record.role)
            guard let site else { return Words(zh: role.zh, en: role.en) }
            return Words(zh: "\(site) · \(role.zh)", en: "\(role.en) at \(site)")
        case .departmentUser:
            let department = record.departmentCode ?? "?"
            return Words(zh: "部门 \(department) 的工作人员", en: "staff of department \(department)")
        case .system:
            if let department = record.departmentCode {
                return Words(zh: "部门 \(department) 的业务系统", en: "department \(department)'s system")
            }
            if record.actorName?.hasPrefix("household registry") == true { return Words(zh: "户籍登记导入", en: "household registry import") }
            return Words(zh: "系统", en: "the system")
        case nil:
            return Words(zh: record.actorKind, en: record.actorKind)
        }
    }

    static func roleWords(_ role: String?) -> Words {
        switch role.flatMap(Staff.Role.init(rawValue:)) {
        case .operator: Words(zh: "拍照点工作人员", en: "photo site staff")
        case .siteAdmin: Words(zh: "拍照点管理员", en: "photo site admin")
        case .cityAdmin: Words(zh: "市级管理员", en: "city admin")
        case .auditor: Words(zh: "审计人员", en: "auditor")
        case .departmentUser: Words(zh: "部门工作人员", en: "department staff")
        case nil: Words(zh: "工作人员", en: "staff")
        }
    }

    static func what(_ action: String) -> Words {
        switch action {
        case AuditAction.photoView: Words(zh: "查看了照片", en: "viewed a photo")
        case AuditAction.personStatus: Words(zh: "查询了是否已有合格照片", en: "checked whether you already have a valid photo")
        case AuditAction.personHistory: Words(zh: "查看了拍照记录", en: "looked at the photo history")
        case AuditAction.citizenSignIn: Words(zh: "登录了“我的照片”", en: "signed in to My Photos")
        case AuditAction.myPhotosView: Words(zh: "查看或下载了本人照片", en: "viewed or downloaded their own photos")
        case AuditAction.familyView: Words(zh: "通过家庭相册查看或下载了照片", en: "viewed or downloaded photos through the family album")
        case AuditAction.grantCreate: Words(zh: "生成了授权码", en: "created an authorization code")
        case AuditAction.grantRevoke: Words(zh: "撤销了授权码", en: "revoked an authorization code")
        case AuditAction.grantRedeem: Words(zh: "凭授权码取用了照片", en: "received the photo with an authorization code")
        case AuditAction.systemFetch: Words(zh: "业务系统调取了照片", en: "a department system fetched the photo")
        case AuditAction.familyLink: Words(zh: "变更了家庭关联", en: "changed a family link")
        case AuditAction.auditSearch: Words(zh: "在审计中查询了记录", en: "searched the audit log")
        default: Words(zh: action, en: action)
        }
    }

    static func outcome(_ outcome: String) -> Words {
        switch outcome {
        case AuditEntry.allowed: Words(zh: "已允许", en: "allowed")
        case "family_link_ended": Words(zh: "已拒绝：家庭关联已结束", en: "refused: the family link has ended")
        case "declined": Words(zh: "已拒绝", en: "declined")
        default: Words(zh: "已拒绝（\(outcome)）", en: "refused (\(outcome))")
        }
    }
}
