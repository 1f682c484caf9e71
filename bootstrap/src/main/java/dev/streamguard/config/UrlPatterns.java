package dev.streamguard.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A list of URL globs separated by {@code ;} ({@code *} any run of characters, {@code ?} one character),
 * matched against the whole URL without its query or fragment, e.g. {@code *}{@code /v1/chat/completions}.
 */
public final class UrlPatterns {
    public static final UrlPatterns NONE = new UrlPatterns("", Collections.emptyList());

    private final String source;
    private final List<Pattern> patterns;

    private UrlPatterns(String source, List<Pattern> patterns) {
        this.source = source;
        this.patterns = patterns;
    }

    public static UrlPatterns parse(String text) {
        List<Pattern> patterns = new ArrayList<>();
        for (String glob : text.split(";")) {
            String g = glob.trim();
            if (!g.isEmpty()) {
                patterns.add(compile(g));
            }
        }
        return patterns.isEmpty() ? NONE : new UrlPatterns(text.trim(), Collections.unmodifiableList(patterns));
    }

    private static Pattern compile(String glob) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    public boolean isEmpty() {
        return patterns.isEmpty();
    }

    public boolean matches(String url) {
        String target = withoutQuery(url);
        for (Pattern p : patterns) {
            if (p.matcher(target).matches()) {
                return true;
            }
        }
        return false;
    }

    static String withoutQuery(String url) {
        int cut = url.length();
        int q = url.indexOf('?');
        if (q >= 0) {
            cut = q;
        }
        int f = url.indexOf('#');
        if (f >= 0 && f < cut) {
            cut = f;
        }
        return url.substring(0, cut);
    }

    @Override
    public String toString() {
        return source;
    }
}
