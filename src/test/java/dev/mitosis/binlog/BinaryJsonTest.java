package dev.mitosis.binlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.shyiko.mysql.binlog.event.deserialization.json.JsonBinary;
import org.junit.jupiter.api.Test;

/** Our binary JSON against the reader replication clients use (mysql-binlog-connector-java's JsonBinary). */
class BinaryJsonTest {
    private static String viaConnector(String text) throws Exception {
        return JsonBinary.parseAsString(BinaryJson.encode(text));
    }

    @Test
    void documentsReadBackByTheConnectorAndByUs() throws Exception {
        String doc = "{\"b\": [1, 2, -40000, 70000, 5000000000, 18446744073709551615], \"a\": {\"x\": null, \"é\": \"ü\"},"
                + " \"ccc\": [true, false, 1.5, \"s\", [], {}], \"\": -1}";
        // The connector prints without spaces and keys in stored order: shorter first, then by bytes.
        assertEquals("{\"\":-1,\"a\":{\"x\":null,\"é\":\"ü\"},\"b\":[1,2,-40000,70000,5000000000,18446744073709551615],"
                + "\"ccc\":[true,false,1.5,\"s\",[],{}]}", viaConnector(doc));
        assertEquals("{\"\": -1, \"a\": {\"x\": null, \"é\": \"ü\"}, \"b\": [1, 2, -40000, 70000, 5000000000,"
                + " 18446744073709551615], \"ccc\": [true, false, 1.5, \"s\", [], {}]}", BinaryJson.decode(BinaryJson.encode(doc)));
    }

    @Test
    void scalarsAtTheTop() throws Exception {
        assertEquals("null", viaConnector("null"));
        assertEquals("true", viaConnector("true"));
        assertEquals("7", viaConnector("7"));
        assertEquals("\"text\"", viaConnector("\"text\""));
        assertEquals("2.25", BinaryJson.decode(BinaryJson.encode("2.25")));
        // A DOUBLE would print 2.5: the digits travel as an opaque DECIMAL, which the connector reads too.
        assertEquals("[2.50, -0.010]", BinaryJson.decode(BinaryJson.encode("[2.50, -0.010]")));
        assertEquals("[2.50,-0.010]", viaConnector("[2.50, -0.010]"));
        assertEquals("04 02", Hex.of(BinaryJson.encode("false")));
        assertEquals("05 07 00", Hex.of(BinaryJson.encode("7")));
        assertEquals("0c 03 61 62 63", Hex.of(BinaryJson.encode("\"abc\"")));
    }

    @Test
    void bigDocumentsTakeTheLargeForm() throws Exception {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < 5000; i++) b.append(i > 0 ? ", " : "").append("\"value number ").append(i).append('"');
        String doc = b.append(']').toString();
        byte[] bin = BinaryJson.encode(doc);
        assertEquals(0x03, bin[0], "large array");
        assertEquals(doc.replace(", ", ","), JsonBinary.parseAsString(bin));
        assertEquals(doc, BinaryJson.decode(bin));
        // A long string needs a length of several 7-bit bytes.
        String longString = "\"" + "x".repeat(20000) + "\"";
        assertEquals(longString, viaConnector(longString));
    }

    @Test
    void textThatIsNotJsonIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> BinaryJson.encode("{oops"));
    }
}
