//! Numbers this version does not know are kept exactly, however long: a field another
//! version or tool added survives every save byte for byte.

use serde_json::Value;

use super::fixture;

#[test]
fn unknown_numbers_of_any_length_survive_saves_exactly() {
    let doc = fixture("valid", "small.json");
    let mut file: Value = serde_json::from_slice(&doc.bytes()).expect("the fixture");
    // Written as text, so no f64 or u64 stands between the test and the bytes.
    let big = "123456789012345678901234567890";
    let fine = "0.10000000000000000000000000001";
    let tiny = "1e-400";
    file["x_total"] = Value::Null;
    file["stories"][0]["x_rank"] = Value::Null;
    let text = serde_json::to_string_pretty(&file)
        .expect("JSON")
        .replace("\"x_total\": null", &format!("\"x_total\": {big}"))
        .replace(
            "\"x_rank\": null",
            &format!("\"x_rank\": [{fine}, {tiny}, -{big}]"),
        );
    std::fs::write(doc.path(), text).expect("written");
    for n in 0..3 {
        doc.ok(&["story", "edit", "S-1", "--title", &format!("Renamed {n}")]);
    }
    let saved = String::from_utf8(doc.bytes()).expect("UTF-8");
    assert!(saved.contains(&format!("\"x_total\": {big}")), "{saved}");
    assert!(saved.contains(fine), "{saved}");
    assert!(saved.contains(tiny), "{saved}");
    assert!(saved.contains(&format!("-{big}")), "{saved}");
}
