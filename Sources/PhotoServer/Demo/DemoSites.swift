import PhotoStore

/// The demo city's 44 photo sites: an island city of four districts with police service
/// windows, self-service kiosks in service halls and mobile teams for the outer islands.
/// Names and coordinates are illustrative (roughly where such towns lie), not official.
enum DemoSites {
    struct Entry {
        var code: String
        var name: String
        var kind: Site.Kind
        var latitude: Double
        var longitude: Double
    }

    static let all: [Entry] = [
        // Dinghai district: windows at the police stations, kiosks in the service halls.
        .init(code: "DH-W01", name: "定海区行政服务中心 公安窗口1号 (Dinghai service centre, window 1)", kind: .window, latitude: 30.0197, longitude: 122.1067),
        .init(code: "DH-W02", name: "定海区行政服务中心 公安窗口2号 (Dinghai service centre, window 2)", kind: .window, latitude: 30.0197, longitude: 122.1068),
        .init(code: "DH-W03", name: "定海区行政服务中心 公安窗口3号 (Dinghai service centre, window 3)", kind: .window, latitude: 30.0198, longitude: 122.1069),
        .init(code: "DH-W04", name: "解放派出所 (Jiefang police station)", kind: .window, latitude: 30.0153, longitude: 122.1042),
        .init(code: "DH-W05", name: "昌国派出所 (Changguo police station)", kind: .window, latitude: 30.0281, longitude: 122.1133),
        .init(code: "DH-W06", name: "盐仓派出所 (Yancang police station)", kind: .window, latitude: 30.0004, longitude: 122.1493),
        .init(code: "DH-W07", name: "临城派出所 (Lincheng police station)", kind: .window, latitude: 29.9895, longitude: 122.2074),
        .init(code: "DH-W08", name: "白泉派出所 (Baiquan police station)", kind: .window, latitude: 30.0661, longitude: 122.2311),
        .init(code: "DH-W09", name: "岑港派出所 (Cengang police station)", kind: .window, latitude: 30.0597, longitude: 121.9930),
        .init(code: "DH-W10", name: "金塘派出所 (Jintang police station)", kind: .window, latitude: 30.0344, longitude: 121.8944),
        .init(code: "DH-K01", name: "定海区市民中心 自助拍照机 (Dinghai citizen hall kiosk)", kind: .kiosk, latitude: 30.0201, longitude: 122.1072),
        .init(code: "DH-K02", name: "临城新区服务大厅 自助拍照机 (Lincheng hall kiosk)", kind: .kiosk, latitude: 29.9902, longitude: 122.2081),
        .init(code: "DH-K03", name: "金塘镇便民服务中心 自助拍照机 (Jintang town hall kiosk)", kind: .kiosk, latitude: 30.0350, longitude: 121.8951),
        .init(code: "DH-M01", name: "定海流动拍照服务队 (Dinghai mobile team: Cezi, Damao, Xiaomao islands)", kind: .mobile, latitude: 30.0856, longitude: 121.9244),
        // Putuo district.
        .init(code: "PT-W01", name: "普陀区行政服务中心 公安窗口1号 (Putuo service centre, window 1)", kind: .window, latitude: 29.9530, longitude: 122.3030),
        .init(code: "PT-W02", name: "普陀区行政服务中心 公安窗口2号 (Putuo service centre, window 2)", kind: .window, latitude: 29.9531, longitude: 122.3031),
        .init(code: "PT-W03", name: "沈家门派出所 (Shenjiamen police station)", kind: .window, latitude: 29.9445, longitude: 122.2986),
        .init(code: "PT-W04", name: "东港派出所 (Donggang police station)", kind: .window, latitude: 29.9697, longitude: 122.3236),
        .init(code: "PT-W05", name: "朱家尖派出所 (Zhujiajian police station)", kind: .window, latitude: 29.8961, longitude: 122.3900),
        .init(code: "PT-W06", name: "六横派出所 (Liuheng police station)", kind: .window, latitude: 29.7237, longitude: 122.1356),
        .init(code: "PT-W07", name: "展茅派出所 (Zhanmao police station)", kind: .window, latitude: 29.9931, longitude: 122.2675),
        .init(code: "PT-W08", name: "桃花派出所 (Taohua police station)", kind: .window, latitude: 29.8097, longitude: 122.2861),
        .init(code: "PT-K01", name: "普陀区市民中心 自助拍照机 (Putuo citizen hall kiosk)", kind: .kiosk, latitude: 29.9535, longitude: 122.3035),
        .init(code: "PT-K02", name: "六横镇便民服务中心 自助拍照机 (Liuheng town hall kiosk)", kind: .kiosk, latitude: 29.7241, longitude: 122.1361),
        .init(code: "PT-K03", name: "东港街道服务大厅 自助拍照机 (Donggang hall kiosk)", kind: .kiosk, latitude: 29.9701, longitude: 122.3241),
        .init(code: "PT-M01", name: "普陀流动拍照服务队 (Putuo mobile team: Xiazhi, Dongji islands)", kind: .mobile, latitude: 29.7542, longitude: 122.2653),
        .init(code: "PT-M02", name: "普陀流动拍照服务队 渔港组 (Putuo mobile team: fishing harbour)", kind: .mobile, latitude: 29.9422, longitude: 122.3011),
        // Daishan county.
        .init(code: "DS-W01", name: "岱山县行政服务中心 公安窗口 (Daishan service centre window)", kind: .window, latitude: 30.2437, longitude: 122.2047),
        .init(code: "DS-W02", name: "高亭派出所 (Gaoting police station)", kind: .window, latitude: 30.2456, longitude: 122.2011),
        .init(code: "DS-W03", name: "东沙派出所 (Dongsha police station)", kind: .window, latitude: 30.2647, longitude: 122.1269),
        .init(code: "DS-W04", name: "衢山派出所 (Qushan police station)", kind: .window, latitude: 30.4456, longitude: 122.3581),
        .init(code: "DS-W05", name: "秀山派出所 (Xiushan police station)", kind: .window, latitude: 30.1606, longitude: 122.1756),
        .init(code: "DS-W06", name: "长涂派出所 (Changtu police station)", kind: .window, latitude: 30.2486, longitude: 122.2881),
        .init(code: "DS-K01", name: "岱山县市民中心 自助拍照机 (Daishan citizen hall kiosk)", kind: .kiosk, latitude: 30.2441, longitude: 122.2052),
        .init(code: "DS-K02", name: "衢山镇便民服务中心 自助拍照机 (Qushan town hall kiosk)", kind: .kiosk, latitude: 30.4461, longitude: 122.3586),
        .init(code: "DS-M01", name: "岱山流动拍照服务队 (Daishan mobile team: Daiqu, Yushan islands)", kind: .mobile, latitude: 30.4172, longitude: 122.2881),
        // Shengsi county.
        .init(code: "SS-W01", name: "嵊泗县行政服务中心 公安窗口 (Shengsi service centre window)", kind: .window, latitude: 30.7253, longitude: 122.4514),
        .init(code: "SS-W02", name: "菜园派出所 (Caiyuan police station)", kind: .window, latitude: 30.7267, longitude: 122.4531),
        .init(code: "SS-W03", name: "洋山派出所 (Yangshan police station)", kind: .window, latitude: 30.6167, longitude: 122.0667),
        .init(code: "SS-W04", name: "嵊山派出所 (Shengshan police station)", kind: .window, latitude: 30.7158, longitude: 122.8142),
        .init(code: "SS-K01", name: "嵊泗县市民中心 自助拍照机 (Shengsi citizen hall kiosk)", kind: .kiosk, latitude: 30.7258, longitude: 122.4519),
        .init(code: "SS-M01", name: "嵊泗流动拍照服务队 东线 (Shengsi mobile team east: Gouqi, Huaniao islands)", kind: .mobile, latitude: 30.7264, longitude: 122.7717),
        .init(code: "SS-M02", name: "嵊泗流动拍照服务队 西线 (Shengsi mobile team west: Huanglong, Xiaoyangshan)", kind: .mobile, latitude: 30.6717, longitude: 122.2869),
        .init(code: "SS-M03", name: "嵊泗流动拍照服务队 北线 (Shengsi mobile team north: Huaniao, Lühua)", kind: .mobile, latitude: 30.8542, longitude: 122.6650),
    ]
}
