import ArgumentParser
import Foundation
import PhotoServer
import PhotoStore

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Create or update the library's database schema.")
    @OptionGroup var library: LibraryOptions

    func run() async throws {
        let configuration = try library.configuration()
        try await LibraryApplication.run(configuration) { _ in }
        print("migrated: \(LibraryMigrations.all.count) migrations applied to \(try configuration.database.label)")
    }
}

struct SitesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sites", abstract: "Register and list photo sites.", subcommands: [Add.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register a photo site.")
        @Argument(help: "Short code, e.g. DH-W01.") var code: String
        @Option(help: "Name shown on pages and in logs.") var name: String
        @Option(help: "window, kiosk, mobile, or online (where citizens' phone self-captures are filed).") var kind: String = "window"
        @Option(help: "Latitude in degrees.") var lat: Double?
        @Option(help: "Longitude in degrees.") var lon: Double?
        @OptionGroup var library: LibraryOptions

        func validate() throws {
            guard Site.Kind(rawValue: kind) != nil else { throw ValidationError("--kind must be window, kiosk, mobile or online") }
            guard (lat == nil) == (lon == nil) else { throw ValidationError("give both --lat and --lon, or neither") }
            if let lat, !(-90...90).contains(lat) { throw ValidationError("--lat must be within −90…90") }
            if let lon, !(-180...180).contains(lon) { throw ValidationError("--lon must be within −180…180") }
            guard !code.isEmpty, code.count <= 32, code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
                throw ValidationError("the site code must be 1–32 letters, digits or dashes")
            }
        }

        func run() async throws {
            let (code, name, kind, lat, lon) = (code, name, Site.Kind(rawValue: kind)!, lat, lon)
            try await LibraryApplication.run(try library.configuration()) { app in
                try await LibraryAdministration.addSite(app, code: code, name: name, kind: kind, latitude: lat, longitude: lon)
            }
            print("site \(code) added")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the photo sites.")
        @OptionGroup var library: LibraryOptions

        func run() async throws {
            let lines = try await LibraryApplication.run(try library.configuration()) { app in
                try await LibraryAdministration.listSites(app).map { "\($0.code)\t\($0.kind.rawValue)\t\($0.name)" }
            }
            lines.forEach { print($0) }
        }
    }
}

struct DevicesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "devices", abstract: "Register devices at sites.", subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register a device (camera, kiosk, tablet, phone) at a site.")
        @Argument(help: "The device's id as it reports it (serial or asset tag).") var code: String
        @Option(help: "Site code.") var site: String
        @Option(help: "camera, kiosk, tablet or phone.") var kind: String = "camera"
        @Option(help: "Name shown on pages.") var name: String?
        @OptionGroup var library: LibraryOptions

        func validate() throws {
            guard Device.Kind(rawValue: kind) != nil else { throw ValidationError("--kind must be camera, kiosk, tablet or phone") }
        }

        func run() async throws {
            let (code, siteCode, kind, name) = (code, site, Device.Kind(rawValue: kind)!, name ?? code)
            try await LibraryApplication.run(try library.configuration()) { app in
                try await LibraryAdministration.addDevice(app, code: code, siteCode: siteCode, kind: kind, name: name)
            }
            print("device \(code) added at \(siteCode)")
        }
    }
}

struct StaffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "staff", abstract: "Add staff accounts.", subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a member of staff; the password is read from standard input.")
        @Argument(help: "Sign-in name.") var username: String
        @Option(help: "operator, site-admin, city-admin, auditor or department-user.") var role: String
        @Option(help: "Site code (operators and site admins).") var site: String?
        @Option(help: "Department code (department users).") var department: String?
        @Option(help: "Name shown on pages.") var name: String?
        @Flag(help: "Read the password from standard input (required: passwords never go on the command line).") var passwordStdin = false
        @OptionGroup var library: LibraryOptions

        func validate() throws {
            guard let role = Staff.Role(rawValue: role) else {
                throw ValidationError("--role must be one of \(Staff.Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if role.needsSite, site == nil { throw ValidationError("a \(role.rawValue) works at one site: give --site CODE") }
            if !role.needsSite, site != nil { throw ValidationError("a \(role.rawValue) is not bound to a site: leave out --site") }
            if role.needsDepartment, department == nil { throw ValidationError("a \(role.rawValue) works for one department: give --department CODE") }
            if !role.needsDepartment, department != nil { throw ValidationError("a \(role.rawValue) is not bound to a department: leave out --department") }
            guard passwordStdin else { throw ValidationError("give --password-stdin and type the password on standard input") }
        }

        func run() async throws {
            guard let line = readLine(strippingNewline: true), line.count >= 8 else {
                throw ValidationError("the password (from standard input) must have at least 8 characters")
            }
            let (username, role, siteCode, departmentCode, name) = (username, Staff.Role(rawValue: role)!, site, department, name ?? username)
            try await LibraryApplication.run(try library.configuration()) { app in
                try await LibraryAdministration.addStaff(app, username: username, displayName: name, password: line, role: role, siteCode: siteCode,
                                                         departmentCode: departmentCode)
            }
            print("staff \(username) added as \(role.rawValue)\(siteCode.map { " at \($0)" } ?? "")\(departmentCode.map { " of \($0)" } ?? "")")
        }
    }
}

struct FsckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fsck", abstract: "Check every photo's blob and checksum; report and remove orphan blobs.",
        discussion: "Exit status 0 when the library is consistent, 4 when a photo's blob is missing or damaged (orphans alone are repaired).")
    @Flag(help: "Report only; remove nothing.") var dryRun = false
    @Option(help: "Keep orphans younger than this many seconds (an ingest may be committing them).") var grace: Double = 600
    @Flag(help: "Print the report as JSON.") var json = false
    @OptionGroup var library: LibraryOptions

    func run() async throws {
        let (dryRun, grace) = (dryRun, grace)
        let report = try await LibraryApplication.run(try library.configuration()) { app in
            try await LibraryCheck(library: app.library).run(on: app.db, removeOrphans: !dryRun, grace: grace)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print("\(report.photos) photos, \(report.blobs) blobs: \(report.missing.count) missing, \(report.damaged.count) damaged, \(report.orphans.count) orphan blobs (\(report.removed.count) removed)")
            report.missing.forEach { print("missing blob for photo \($0)") }
            report.damaged.forEach { print("damaged blob for photo \($0)") }
            report.orphans.forEach { print("orphan blob \($0)\(report.removed.contains($0) ? " (removed)" : "")") }
        }
        if !report.missing.isEmpty || !report.damaged.isEmpty { throw ExitCode(4) }
    }
}

struct PurgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge", abstract: "Delete masters older than the retention (PHOTOONCE_MASTER_RETENTION_DAYS, default 1825 days).")
    @Flag(help: "Show what would be deleted; delete nothing.") var dryRun = false
    @Option(help: "Retention in days (overrides the environment).") var retentionDays: Int?
    @OptionGroup var library: LibraryOptions

    func run() async throws {
        var configuration = try library.configuration()
        if let retentionDays { configuration.masterRetentionDays = retentionDays }
        let (dryRun, days) = (dryRun, configuration.masterRetentionDays)
        let doomed = try await LibraryApplication.run(configuration) { app in
            let purge = RetentionPurge(library: app.library, retentionDays: days)
            return dryRun ? try await purge.candidates(on: app.db) : try await purge.purge(on: app.db)
        }
        let formatter = ISO8601DateFormatter()
        for item in doomed {
            print("\(dryRun ? "would delete" : "deleted") master \(item.photoID) of capture \(item.captureID) taken \(formatter.string(from: item.capturedAt)) (\(item.bytes) bytes)")
        }
        print("\(doomed.count) masters older than \(days) days \(dryRun ? "would be deleted" : "deleted")")
    }
}

extension ServerConfiguration.Database {
    var label: String {
        switch self {
        case let .sqlite(path): "SQLite \(path)"
        case .postgres: "PostgreSQL"
        }
    }
}
