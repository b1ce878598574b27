import Fluent
import Foundation
import PhotoKit
import PhotoStore
import Vapor

/// The demo's departments and matters (modelled on the reference city's 19 departments and
/// 184 matters, a few of each), a department user for three of them, and an API key for the
/// public security bureau's system (legal-basis matters).
public enum DemoSharing {
    struct DemoMatter {
        var code: String
        var name: String
        var spec: String
        var purposeEn: String
        var consent: MatterPolicy.Consent = .required
        var watermark = false
        var retention = "办结后 30 天内删除 · deleted within 30 days of completion"
    }

    static let departments: [(code: String, name: String, matters: [DemoMatter])] = [
        ("HRSS", "市人力资源和社会保障局 Human Resources and Social Security Bureau", [
            DemoMatter(code: "CITIZEN-CARD", name: "市民卡（社会保障卡）申领 Citizen card application", spec: "cn-id-card", purposeEn: "citizen card"),
            DemoMatter(code: "CITIZEN-CARD-RENEW", name: "市民卡换领 Citizen card renewal", spec: "cn-id-card", purposeEn: "citizen card renewal"),
            DemoMatter(code: "EMPLOYMENT-REG", name: "就业登记 Employment registration", spec: "cn-id-card", purposeEn: "employment registration", watermark: true),
        ]),
        ("HEALTHCARE", "市医疗保障局 Healthcare Security Administration", [
            DemoMatter(code: "MED-INS-CARD", name: "医保卡申领 Medical insurance card", spec: "cn-id-card", purposeEn: "medical insurance card", watermark: true),
            DemoMatter(code: "MED-INS-TRANSFER", name: "医保关系转移 Medical insurance transfer", spec: "cn-id-card", purposeEn: "medical insurance transfer", watermark: true),
        ]),
        ("MSA", "舟山海事局 Maritime Safety Administration", [
            DemoMatter(code: "SEAFARER-CERT", name: "海员证申办 Seafarer's certificate", spec: "cn-exit-entry", purposeEn: "seafarer's certificate"),
            DemoMatter(code: "SEAMAN-BOOK", name: "船员服务簿 Seaman's service book", spec: "cn-id-card", purposeEn: "seaman's service book"),
            DemoMatter(code: "CREW-CERT", name: "船员适任证书 Crew competency certificate", spec: "cn-id-card", purposeEn: "crew competency certificate"),
        ]),
        ("VETERANS", "市退役军人事务局 Veterans Affairs Bureau", [
            DemoMatter(code: "VETERAN-PREF-CARD", name: "退役军人优待证 Veterans' preferential card", spec: "cn-id-card", purposeEn: "veterans' preferential card", watermark: true),
            DemoMatter(code: "VETERAN-INFO", name: "退役军人信息采集 Veterans' records", spec: "cn-id-card", purposeEn: "veterans' records"),
        ]),
        ("OCEAN-FISHERY", "市海洋与渔业局 Ocean and Fishery Bureau", [
            DemoMatter(code: "FISHING-LICENCE", name: "海洋捕捞许可证 Sea-fishing licence", spec: "cn-id-card", purposeEn: "sea-fishing licence", watermark: true),
            DemoMatter(code: "FISHER-CERT", name: "渔业船员证书 Fishery crew certificate", spec: "cn-id-card", purposeEn: "fishery crew certificate"),
        ]),
        ("PSB", "市公安局 Public Security Bureau", [
            DemoMatter(code: "HOUSEHOLD-REG", name: "户籍业务 Household registration", spec: "cn-id-card", purposeEn: "household registration", consent: .legalBasis,
                       retention: "按户籍档案管理规定 · as household records rules require"),
            // The ID-card photo rather than the HD face-comparison one: a capture leaves the
            // latter out when only it fails, and the demo should answer for every citizen.
            DemoMatter(code: "CASE-ID", name: "案件身份核验 Identity check in a case", spec: "cn-id-card", purposeEn: "identity check in a case",
                       consent: .legalBasis, watermark: true, retention: "随案卷保存 · kept with the case file"),
        ]),
        ("TRAFFIC", "市公安局交通警察支队 Traffic Police", [
            DemoMatter(code: "DRIVER-LICENCE", name: "驾驶证申领 Driving licence", spec: "cn-driver-license", purposeEn: "driving licence"),
            DemoMatter(code: "DRIVER-RENEW", name: "驾驶证换证 Driving licence renewal", spec: "cn-driver-license", purposeEn: "driving licence renewal"),
        ]),
        ("EXIT-ENTRY", "市公安局出入境管理局 Exit-Entry Administration", [
            DemoMatter(code: "PASSPORT", name: "普通护照 Passport", spec: "cn-exit-entry", purposeEn: "passport"),
            DemoMatter(code: "HK-MACAO-PERMIT", name: "往来港澳通行证 Hong Kong and Macao travel permit", spec: "cn-exit-entry", purposeEn: "HK/Macao travel permit"),
        ]),
        ("EDUCATION", "市教育局 Education Bureau", [
            DemoMatter(code: "EXAM-REG", name: "考试报名 Exam registration", spec: "cn-id-card", purposeEn: "exam registration", watermark: true),
        ]),
        ("CIVIL-AFFAIRS", "市民政局 Civil Affairs Bureau", [
            DemoMatter(code: "MARRIAGE-REG", name: "婚姻登记 Marriage registration", spec: "cn-id-card", purposeEn: "marriage registration"),
            DemoMatter(code: "ELDERLY-CARD", name: "老年人优待证 Senior citizen card", spec: "cn-id-card", purposeEn: "senior citizen card"),
        ]),
        ("DISABLED-FED", "市残疾人联合会 Disabled Persons' Federation", [
            DemoMatter(code: "DISABILITY-CARD", name: "残疾人证 Disability certificate", spec: "cn-id-card", purposeEn: "disability certificate"),
        ]),
        ("HOUSING-FUND", "市住房公积金管理中心 Housing Provident Fund Centre", [
            DemoMatter(code: "HOUSING-FUND-CARD", name: "公积金联名卡 Housing fund card", spec: "cn-id-card", purposeEn: "housing fund card", watermark: true),
        ]),
    ]

    /// Department users printed in the demo banner (demo passwords only).
    public static let logins: [(username: String, password: String, department: String)] = [
        ("healthcare-desk", "demo-department-2026", "HEALTHCARE"),
        ("msa-desk", "demo-department-2026", "MSA"),
        ("veterans-desk", "demo-department-2026", "VETERANS"),
    ]

    /// The demo API key of the public security bureau's system (demo only; a real key's
    /// secret comes from `photoonce departments credentials add` and is shown once).
    public static let systemKey = (keyID: "pk_psb_demo", secret: "sk_demo_psb_secret_do_not_use_in_production", department: "PSB")

    static func seed(_ app: Application) async throws {
        let catalog = app.imaging.catalog
        for department in departments {
            try await SharingAdministration.addDepartment(app, code: department.code, name: department.name)
            for matter in department.matters {
                let background = catalog.spec(matter.spec)?.background.default ?? "white"
                let purpose = String(matter.name.prefix { $0 != " " })
                try await SharingAdministration.addMatter(app, code: matter.code, departmentCode: department.code, name: matter.name,
                                                          terms: MatterTerms(spec: matter.spec, background: background, purpose: purpose,
                                                                             purposeEn: matter.purposeEn, consent: matter.consent,
                                                                             retentionNote: matter.retention, watermark: matter.watermark),
                                                          catalog: catalog)
            }
        }
        for login in logins {
            let departmentID = try await SharingAdministration.departmentID(code: login.department, on: app.db)
            try await Staff(username: login.username, displayName: login.username, passwordHash: try Bcrypt.hash(login.password, cost: 10),
                            role: .departmentUser, siteID: nil, departmentID: departmentID).create(on: app.db)
        }
        let psb = try await SharingAdministration.departmentID(code: systemKey.department, on: app.db)
        let sealed = try Data(app.library.sealer.seal(Array(systemKey.secret.utf8))).base64EncodedString()
        try await DepartmentCredential(departmentID: psb, keyID: systemKey.keyID, secretSealed: sealed).create(on: app.db)
    }

    static func bannerLines(base: String) -> [String] {
        ["Department portal: \(base)/share", "Department logins (demo data only):"]
            + logins.map { "  \($0.username.padding(toLength: 16, withPad: " ", startingAt: 0)) \($0.password.padding(toLength: 22, withPad: " ", startingAt: 0)) department-user of \($0.department)" }
            + ["Department system key (PSB, legal-basis matters): \(systemKey.keyID) / \(systemKey.secret)"]
    }
}
