import Crypto
import Foundation
@testable import PhotoStore
import Testing

@Suite struct KeysAndBlobsTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("photoonce-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    @Test func masterKeyIsCreatedOwnerOnlyAndReadBack() throws {
        let file = folder.appendingPathComponent("keys/master.key")
        let first = try MasterKey.loadOrCreate(at: file)
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let again = try MasterKey.loadOrCreate(at: file)
        #expect(first.derive("x") == again.derive("x"))
        #expect(first.derive("x") != first.derive("y"))
    }

    @Test func masterKeyReadableByOthersIsRefused() throws {
        let file = folder.appendingPathComponent("master.key")
        _ = try MasterKey.loadOrCreate(at: file)
        chmod(file.path, 0o644)
        #expect(throws: KeyFileError.self) { try MasterKey.loadOrCreate(at: file) }
        chmod(file.path, 0o600)
        try "not a key".write(to: file, atomically: false, encoding: .utf8)
        chmod(file.path, 0o600)
        #expect(throws: KeyFileError.self) { try MasterKey.loadOrCreate(at: file) }
    }

    @Test func blobsRoundTripDeduplicateAndNeverHoldPlaintext() throws {
        let key = try MasterKey(bytes: Array(repeating: 7, count: 32))
        let store = try FileBlobStore(root: folder.appendingPathComponent("blobs"), sealer: BlobSealer(masterKey: key))
        let marker = Array("JFIF-PLAINTEXT-MARKER-\(UUID().uuidString)".utf8) + Array(repeating: 0xFF, count: 1000)
        let address = try store.put(marker)
        #expect(try store.get(address) == marker)
        #expect(try store.put(marker) == address)
        #expect(try store.inventory().count == 1)
        let onDisk = try Data(contentsOf: store.location(of: address))
        #expect(onDisk.range(of: Data(marker.prefix(30))) == nil)
        #expect(onDisk.count == marker.count + 4 + 28)
        try store.delete(address)
        #expect(!store.exists(address))
        #expect(throws: BlobError.notFound(address.value)) { try store.get(address) }
    }

    @Test func alteredOrForeignBlobsFailAuthentication() throws {
        let store = try FileBlobStore(root: folder.appendingPathComponent("blobs"), sealer: BlobSealer(masterKey: try MasterKey(bytes: Array(repeating: 1, count: 32))))
        let address = try store.put(Array(repeating: 42, count: 500))
        var sealed = [UInt8](try Data(contentsOf: store.location(of: address)))
        sealed[100] ^= 0x01
        try Data(sealed).write(to: store.location(of: address))
        #expect(throws: BlobError.authenticationFailed) { try store.get(address) }
        let other = try FileBlobStore(root: folder.appendingPathComponent("blobs2"), sealer: BlobSealer(masterKey: try MasterKey(bytes: Array(repeating: 2, count: 32))))
        let second = try other.put(Array(repeating: 42, count: 500))
        #expect(second != address, "addresses are keyed: another node's key names the same bytes differently")
        let foreign = try FileBlobStore(root: folder.appendingPathComponent("blobs2"), sealer: BlobSealer(masterKey: try MasterKey(bytes: Array(repeating: 1, count: 32))))
        #expect(throws: BlobError.authenticationFailed) { try foreign.get(second) }
    }

    @Test func identityNumbersAreSealedAndFoundByKeyedHash() throws {
        let protector = IdentityProtector(masterKey: try MasterKey(bytes: Array(repeating: 3, count: 32)))
        let identity = try IdentityNumber(type: .residentID, number: "11010519491231002X")
        let sealed = try protector.seal(identity)
        #expect(!sealed.contains("11010519491231002X"))
        #expect(try protector.open(sealed, type: .residentID) == identity)
        #expect(protector.lookupHash(identity) == protector.lookupHash(try IdentityNumber(type: .residentID, number: "110105 19491231 002x")))
        let passport = try IdentityNumber(type: .passport, number: "E12345678")
        #expect(protector.lookupHash(passport) != protector.lookupHash(identity))
        let otherNode = IdentityProtector(masterKey: try MasterKey(bytes: Array(repeating: 4, count: 32)))
        #expect(otherNode.lookupHash(identity) != protector.lookupHash(identity))
    }
}
