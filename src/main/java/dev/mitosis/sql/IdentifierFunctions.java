package dev.mitosis.sql;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * MySQL's conversions of identifiers kept as bytes: UUID_TO_BIN, BIN_TO_UUID, IS_UUID,
 * INET6_ATON and INET6_NTOA. Malformed text gives NULL (MySQL warns or errs; the value is NULL).
 */
public final class IdentifierFunctions {
    private IdentifierFunctions() {}

    /** The UUID forms MySQL takes: 32 hex digits, dashed, braced, or both. */
    private static final Pattern UUID = Pattern.compile(
            "\\{?[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}}?");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    public static Integer isUuid(String s) {
        return s == null ? null : isUuidText(s) ? 1 : 0;
    }

    private static boolean isUuidText(String s) {
        if (!UUID.matcher(s).matches()) return false;
        boolean braced = s.startsWith("{");
        if (braced != s.endsWith("}")) return false;
        int dashes = (int) s.chars().filter(c -> c == '-').count();
        return dashes == 0 || dashes == 4;
    }

    public static byte[] uuidToBin(String s) {
        return uuidToBin(s, 0);
    }

    /** UUID_TO_BIN(uuid, swap): with swap, the time-low and time-high groups trade places (index-friendly order). */
    public static byte[] uuidToBin(String s, Integer swap) {
        if (s == null) return null;
        if (!isUuidText(s)) throw new FunctionError(1411, "HY000", "Incorrect string value: '" + s + "' for function uuid_to_bin");
        byte[] b = HexFormat.of().parseHex(s.replaceAll("[{}-]", ""));
        if (swap == null || swap == 0) return b;
        byte[] out = new byte[16];
        System.arraycopy(b, 6, out, 0, 2);
        System.arraycopy(b, 4, out, 2, 2);
        System.arraycopy(b, 0, out, 4, 4);
        System.arraycopy(b, 8, out, 8, 8);
        return out;
    }

    public static String binToUuid(byte[] b) {
        return binToUuid(b, 0);
    }

    public static String binToUuid(byte[] b, Integer swap) {
        if (b == null) return null;
        if (b.length != 16) throw new FunctionError(1411, "HY000", "Incorrect string value: '" + HexFormat.of().formatHex(b)
                + "' for function bin_to_uuid");
        byte[] u = b;
        if (swap != null && swap != 0) {
            u = new byte[16];
            System.arraycopy(b, 4, u, 0, 4);
            System.arraycopy(b, 2, u, 4, 2);
            System.arraycopy(b, 0, u, 6, 2);
            System.arraycopy(b, 8, u, 8, 8);
        }
        String hex = HexFormat.of().formatHex(u);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
    }

    /** INET6_ATON: 4 bytes for an IPv4 address, 16 for IPv6; NULL for anything else (never a name lookup). */
    public static byte[] inet6Aton(String s) {
        if (s == null) return null;
        if (!IPV4.matcher(s).matches() && !IPV6.matcher(s).matches()) return null;
        try {
            byte[] address = InetAddress.getByName(s).getAddress();
            if (address.length == 16 || s.indexOf(':') < 0) return address;
            // Java reads "::ffff:a.b.c.d" as the IPv4 address; MySQL keeps its 16 bytes.
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(address, 0, mapped, 12, 4);
            return mapped;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** INET6_NTOA: the address of 4 or 16 bytes in MySQL's text form (IPv4-mapped and -compatible as ::ffff:a.b.c.d, ::a.b.c.d). */
    public static String inet6Ntoa(byte[] b) {
        if (b == null || b.length != 4 && b.length != 16) return null;
        if (b.length == 4) return (b[0] & 255) + "." + (b[1] & 255) + "." + (b[2] & 255) + "." + (b[3] & 255);
        boolean zeros10 = true;
        for (int k = 0; k < 10; k++) zeros10 &= b[k] == 0;
        String tail = (b[12] & 255) + "." + (b[13] & 255) + "." + (b[14] & 255) + "." + (b[15] & 255);
        if (zeros10 && (b[10] & 255) == 0xff && (b[11] & 255) == 0xff) return "::ffff:" + tail;
        if (zeros10 && b[10] == 0 && b[11] == 0 && !(b[12] == 0 && b[13] == 0)) return "::" + tail;
        int[] groups = new int[8];
        for (int k = 0; k < 8; k++) groups[k] = (b[2 * k] & 255) << 8 | (b[2 * k + 1] & 255);
        // The longest run of two or more zero groups becomes "::".
        int bestStart = -1;
        int bestLength = 1;
        for (int k = 0; k < 8; ) {
            if (groups[k] != 0) { k++; continue; }
            int start = k;
            while (k < 8 && groups[k] == 0) k++;
            if (k - start > bestLength) { bestStart = start; bestLength = k - start; }
        }
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < 8; k++) {
            if (k == bestStart) {
                sb.append("::");
                k += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
            sb.append(Integer.toHexString(groups[k]));
        }
        return sb.toString();
    }
}
