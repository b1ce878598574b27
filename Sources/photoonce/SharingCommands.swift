import ArgumentParser
import Foundation
import PhotoKit
import PhotoServer
import PhotoStore

struct DepartmentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "departments", abstract: "Register departments that receive shared photos, and their API keys.",
                                                    subcommands: [Add.self, List.self, Credentials.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register a department.")
        @Argument(help: "Short code, e.g. HEALTH-INS.") var code: String
        @Option(help: "Name shown to citizens and on pages.") var name: String
        @OptionGroup var library: LibraryOptions

        func run() async throws {
            let (code, name) = (code, name)
            try await LibraryApplication.run(try library.configuration()) { app in
                try await SharingAdministration.addDepartment(app, code: code, name: name)
            }
            print("department \(code) added")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the departments and how many matters each has.")
        @OptionGroup var library: LibraryOptions

        func run() async throws {
            let lines = try await LibraryApplication.run(try library.configuration()) { app in
                try await SharingAdministration.listDepartments(app).map { "\($0.code)\t\($0.matters.count) matters\t\($0.name)" }
            }
            lines.forEach { print($0) }
        }
    }

    struct Credentials: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "API keys of department systems.", subcommands: [AddKey.self])

        struct AddKey: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "add",
                                                            abstract: "Issue an API key to a department's system; the secret is printed once and stored only sealed.")
            @Argument(help: "Department code.") var code: String
            @OptionGroup var library: LibraryOptions

            func run() async throws {
                let code = code
                let issued = try await LibraryApplication.run(try library.configuration()) { app in
                    try await SharingAdministration.addCredential(app, departmentCode: code)
                }
                print("key id: \(issued.keyID)")
                print("secret: \(issued.secret)")
                print("The secret is shown only now; give it to the department's system over a secure channel.")
            }
        }
    }
}

struct MattersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "matters", abstract: "Register the matters departments receive photos for, and their policies.",
                                                    subcommands: [Add.self, List.self, Policy.self])

    struct Terms: ParsableArguments {
        @Option(help: "Spec of the photo the matter receives (see photoonce specs).") var spec: String
        @Option(help: "Background colour name; default the spec's standard (official specs allow only that).") var background: String?
        @Option(help: "What the photo is used for; shown in the watermark and the audit log (default the matter's name).") var purpose: String?
        @Option(help: "The purpose in English (the watermark's second line).") var purposeEn: String?
        @Option(help: "required (the citizen's grant) or legal-basis (fetch by identity number allowed).") var consent: String = "required"
        @Option(help: "How long the department keeps the photo, in words.") var retention: String?
        @Flag(help: "Deliver photos with a visible watermark (purpose and date).") var watermark = false
        @Option(help: "Minutes a new grant may be redeemed.") var grantMinutes: Int = 10
        @Option(help: "Times a new grant may be redeemed.") var grantUses: Int = 1

        func validate() throws {
            guard MatterPolicy.Consent(rawValue: consent) != nil else { throw ValidationError("--consent must be required or legal-basis") }
        }

        func terms(name: String, catalog: SpecCatalog) -> MatterTerms {
            MatterTerms(spec: spec, background: background ?? catalog.spec(spec)?.background.default ?? "white", purpose: purpose ?? name, purposeEn: purposeEn,
                        consent: MatterPolicy.Consent(rawValue: consent)!, retentionNote: retention, watermark: watermark,
                        grantMinutes: grantMinutes, grantUses: grantUses)
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register a matter with its first policy.")
        @Argument(help: "Short code, e.g. MED-INS-CARD.") var code: String
        @Option(help: "Code of the department the matter belongs to.") var department: String
        @Option(help: "Name shown to citizens.") var name: String
        @OptionGroup var terms: Terms
        @OptionGroup var library: LibraryOptions

        func run() async throws {
            let catalog = try SpecCatalog.bundled()
            let (code, department, name, terms) = (code, department, name, terms.terms(name: name, catalog: catalog))
            _ = try await LibraryApplication.run(try library.configuration()) { app in
                try await SharingAdministration.addMatter(app, code: code, departmentCode: department, name: name, terms: terms, catalog: catalog)
            }
            print("matter \(code) added to \(department): \(terms.spec) on \(terms.background), consent \(terms.consent.rawValue)\(terms.watermark ? ", watermarked" : "")")
        }
    }

    struct Policy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Publish a new policy version for a matter; grants already made keep theirs.")
        @Argument(help: "Matter code.") var code: String
        @OptionGroup var terms: Terms
        @OptionGroup var library: LibraryOptions

        func run() async throws {
            let catalog = try SpecCatalog.bundled()
            let code = code
            let given = terms.terms(name: "", catalog: catalog)
            let purposeGiven = terms.purpose != nil
            let version = try await LibraryApplication.run(try library.configuration()) { app in
                var terms = given
                // Without --purpose the matter's name stays its purpose.
                if !purposeGiven { terms.purpose = try await SharingAdministration.matterName(code: code, on: app.db) }
                return try await SharingAdministration.changePolicy(app.db, matterCode: code, terms: terms, catalog: catalog)
            }
            print("matter \(code) now under policy version \(version)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List matters with their current policy.")
        @Option(help: "Only this department's matters.") var department: String?
        @OptionGroup var library: LibraryOptions

        func run() async throws {
            let department = department
            let lines = try await LibraryApplication.run(try library.configuration()) { app in
                try await SharingAdministration.listMatters(app.db, departmentCode: department).map {
                    "\($0.matter.code)\t\($0.departmentCode)\tv\($0.policy.version)\t\($0.policy.spec)/\($0.policy.background)\t\($0.policy.consent.rawValue)\(($0.policy.watermark ? "\twatermark" : ""))\t\($0.matter.name)"
                }
            }
            lines.forEach { print($0) }
        }
    }
}
