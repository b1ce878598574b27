import Fluent
import Foundation
import PhotoKit
import PhotoStore
import Vapor

/// Demo families for My Photos: a father with his young daughter (a live guardian link), a
/// married couple (an approved relative link), a father whose son has grown up (a guardian
/// link that ended on the son's 18th birthday) and a brother's link waiting for approval.
/// The daughter is photographed from a portrait on this machine when one passes the checks.
public enum DemoFamilies {
    struct Citizen {
        var name: String
        var body: String
        var number: String { body + String(CitizenNumberChecksum.checkCharacter(for: body)!) }
        var identity: IdentityNumber { try! IdentityNumber(type: .residentID, number: number) }
    }

    // The first three are demo citizens of `DemoSeeder`; the daughter is added here.
    static let wang = Citizen(name: "王建国 (Wang Jianguo)", body: "33090319780512361")
    static let li = Citizen(name: "李明 (Li Ming)", body: "33092119900101201")
    static let chen = Citizen(name: "陈海生 (Chen Haisheng)", body: "33092219850826153")
    static let zhang = Citizen(name: "张卫东 (Zhang Weidong)", body: "33090219620717471")
    static let daughter = Citizen(name: "王小雨 (Wang Xiaoyu)", body: "33090320160412362")
    /// Portraits tried for the daughter's capture, first that passes wins. Of the shared
    /// portraits only deepface__img13 (her father's) passes the shipped checks, so she borrows
    /// it when no other does: a demo family album needs someone's photos to show.
    static let daughterPortraits = ["gfpgan__Adele_crop.png", "deepface__img11.jpg", "openface__lennon-1.jpg", "portrait.jpg", "deepface__img13.jpg"]

    public static func seed(_ app: Application, portraitFolders: [URL]) async throws {
        let db = app.db, library = app.library, chain = app.auditChain
        guard try await FamilyLink.query(on: db).count() == 0 else { return }
        try await captureDaughter(app, portraitFolders: portraitFolders)
        let registry = FamilyLinkCreator(actorKind: .system, id: nil, name: "household registry import (demo)", role: nil)
        let now = Date()
        try await library.transaction(on: db) { db in
            _ = try await FamilyRegistry.create(NewFamilyLink(kind: .guardian, person: wang.identity, personName: wang.name, relative: daughter.identity,
                                                              relativeName: daughter.name, relationship: "父亲 father",
                                                              evidence: "户口簿 household register 330903-0412 (demo)"),
                                                by: registry, now: now, identities: library.identities, chain: chain, on: db)
            let couple = try await FamilyRegistry.create(NewFamilyLink(kind: .relative, person: li.identity, personName: li.name, relative: chen.identity,
                                                                       relativeName: chen.name, relationship: "配偶 spouse",
                                                                       evidence: "结婚证 marriage certificate (demo)"),
                                                         by: registry, now: now, identities: library.identities, chain: chain, on: db)
            couple.status = .active
            couple.approvedAt = now
            try await couple.save(on: db)
            _ = try await FamilyRegistry.create(NewFamilyLink(kind: .relative, person: zhang.identity, personName: zhang.name, relative: wang.identity,
                                                              relativeName: wang.name, relationship: "兄弟 brother",
                                                              evidence: "户口簿 household register (demo)"),
                                                by: registry, now: now, identities: library.identities, chain: chain, on: db)
            // Zhang Weidong was Li Ming's guardian until Li Ming turned 18 (2008-01-01).
            let grown = FamilyLink()
            grown.kind = .guardian
            grown.$person.id = try await FamilyRegistry.findOrRegister(zhang.identity, name: zhang.name, which: "parent", identities: library.identities, on: db).requireID()
            grown.$relative.id = try await FamilyRegistry.findOrRegister(li.identity, name: li.name, which: "child", identities: library.identities, on: db).requireID()
            grown.relationship = "父亲 father"
            grown.status = .active
            grown.startsAt = FamilyRegistry.eighteenthBirthday(of: DateComponents(year: 1980, month: 1, day: 1))!
            grown.endsAt = FamilyRegistry.eighteenthBirthday(of: DateComponents(year: 1990, month: 1, day: 1))
            grown.createdByKind = "import"
            grown.createdByName = registry.name
            grown.evidence = "户口簿 household register (demo)"
            try await grown.create(on: db)
        }
    }

    /// The daughter's photos, taken at DH-W01 a month ago, from the first portrait that passes.
    static func captureDaughter(_ app: Application, portraitFolders: [URL]) async throws {
        let db = app.db
        guard let site = try await Site.query(on: db).filter(\.$code == "DH-W01").first() else { return }
        let device = try await Device.query(on: db).filter(\.$site.$id == site.requireID()).first()
        for file in daughterPortraits {
            guard let url = portraitFolders.map({ $0.appendingPathComponent(file) }).first(where: { FileManager.default.fileExists(atPath: $0.path) }),
                  let data = FileManager.default.contents(atPath: url.path) else { continue }
            let result = try app.imaging.pipeline.process([UInt8](data))
            let acceptance = CaptureAcceptance(result.report)
            guard result.report.refusal == nil, acceptance.accepted else { continue }
            let stored = try acceptance.storeKeptPhotos(of: result, in: app.library)
            _ = try await app.library.record(NewCapture(
                id: nil, identity: daughter.identity, name: daughter.name, siteID: try site.requireID(), siteCode: site.code, deviceID: device?.id,
                deviceCode: device?.code, operatorID: nil, channel: .window, capturedAt: Date().addingTimeInterval(-30 * 86_400),
                latitude: site.latitude, longitude: site.longitude, quality: result.report.quality, descriptor: nil, override: nil, photos: stored), on: db)
            return
        }
    }

    /// What the banner adds: how to sign in as a demo citizen.
    public static func banner(_ base: String) -> String {
        """
        My Photos (citizens): \(base)/me/sign-in — development sign-in (demo only), e.g.
          居民身份证 resident-id \(wang.number)  \(wang.name): his daughter's photos in the family album, a brother's link to approve
          居民身份证 resident-id \(li.number)  \(li.name): linked with spouse \(chen.name)
        """
    }
}
