package dev.streamguard.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A list of URL globs separated by {@code ;} ({@code *} any run of characters, {@code ?} one character),
 * matched against the whole URL without its query or fragment, e.g. {@code *}{@code /v1/chat/completions}.
 */
public final class UrlPatterns {
    public static final UrlPatterns NONE = new UrlPatterns("", Collections.emptyList());

    private final String source;
    private final List<String> globs;

    private UrlPatterns(String source, List<String> globs) {
        this.source = source;
        this.globs = globs;
    }

    public static UrlPatterns parse(String text) {
        List<String> globs = new ArrayList<>();
        for (String glob : text.split(";")) {
            String g = glob.trim();
            if (!g.isEmpty()) {
                globs.add(g);
            }
        }
        return globs.isEmpty() ? NONE : new UrlPatterns(text.trim(), Collections.unmodifiableList(globs));
    }

    public boolean isEmpty() {
        return globs.isEmpty();
    }

    /**
     * Matched in place, without a regular expression: a {@link java.util.regex.Matcher} per glob and URL cost
     * several microseconds where it ran among a busy client's own code.
     */
    public boolean matches(String url) {
        int end = beforeQuery(url);
        for (int i = 0; i < globs.size(); i++) {
            if (matches(globs.get(i), url, end)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code glob} matches {@code text[0, end)}: a {@code *} takes the shortest run that lets the rest
     * match, growing it by one character each time the rest fails (only the last {@code *} seen ever grows: any
     * earlier one's run is as good as it gets once a later one has matched).
     */
    static boolean matches(String glob, String text, int end) {
        int g = 0;
        int t = 0;
        int star = -1;
        int starText = 0;
        while (t < end) {
            boolean inGlob = g < glob.length();
            char c = inGlob ? glob.charAt(g) : 0;
            if (inGlob && c == '?') {
                g++;
                t = afterCodePoint(text, t, end);
            } else if (inGlob && c == '*') {
                star = g++;
                starText = t;
            } else if (inGlob && c == text.charAt(t)) {
                g++;
                t++;
            } else if (star >= 0) {
                g = star + 1;
                starText = afterCodePoint(text, starText, end);
                t = starText;
            } else {
                return false;
            }
        }
        while (g < glob.length() && glob.charAt(g) == '*') {
            g++;
        }
        return g == glob.length();
    }

    /** {@code ?} stands for one character, a surrogate pair included. */
    private static int afterCodePoint(String text, int at, int end) {
        return at + 1 < end && Character.isHighSurrogate(text.charAt(at)) && Character.isLowSurrogate(text.charAt(at + 1)) ? at + 2 : at + 1;
    }

    /** Where the URL's query or fragment starts, or its length. */
    static int beforeQuery(String url) {
        int cut = url.length();
        int q = url.indexOf('?');
        if (q >= 0) {
            cut = q;
        }
        int f = url.indexOf('#');
        if (f >= 0 && f < cut) {
            cut = f;
        }
        return cut;
    }

    @Override
    public String toString() {
        return source;
    }
}
