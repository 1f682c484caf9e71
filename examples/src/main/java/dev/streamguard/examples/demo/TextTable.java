package dev.streamguard.examples.demo;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table whose cells wrap at word boundaries within fixed column widths. */
final class TextTable {
    private static final String GAP = "  ";

    private final int[] widths;
    private final List<String[]> rows = new ArrayList<>();
    private final List<Boolean> ruleBefore = new ArrayList<>();

    TextTable(int... widths) {
        this.widths = widths.clone();
    }

    void row(boolean ruleBefore, String... cells) {
        rows.add(cells.clone());
        this.ruleBefore.add(ruleBefore);
    }

    String render(String... headers) {
        StringBuilder sb = new StringBuilder();
        appendLines(sb, headers);
        appendRule(sb, '=');
        for (int r = 0; r < rows.size(); r++) {
            if (r > 0 && ruleBefore.get(r)) {
                appendRule(sb, '-');
            }
            appendLines(sb, rows.get(r));
        }
        return sb.toString();
    }

    private void appendRule(StringBuilder sb, char c) {
        int total = 0;
        for (int w : widths) {
            total += w;
        }
        sb.append(String.valueOf(c).repeat(total + GAP.length() * (widths.length - 1))).append('\n');
    }

    private void appendLines(StringBuilder sb, String[] cells) {
        List<List<String>> wrapped = new ArrayList<>();
        int height = 1;
        for (int c = 0; c < widths.length; c++) {
            List<String> lines = wrap(c < cells.length && cells[c] != null ? cells[c] : "", widths[c]);
            wrapped.add(lines);
            height = Math.max(height, lines.size());
        }
        for (int l = 0; l < height; l++) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < widths.length; c++) {
                String text = l < wrapped.get(c).size() ? wrapped.get(c).get(l) : "";
                line.append(text);
                if (c < widths.length - 1) {
                    line.append(" ".repeat(widths[c] - text.length())).append(GAP);
                }
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
    }

    /** Lines of at most {@code width} characters, broken after spaces where possible. */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        for (String paragraph : text.split("\n", -1)) {
            String rest = paragraph.strip();
            while (rest.length() > width) {
                int cut = rest.lastIndexOf(' ', width);
                if (cut <= 0) {
                    cut = width;
                }
                lines.add(rest.substring(0, cut).stripTrailing());
                rest = rest.substring(cut).stripLeading();
            }
            lines.add(rest);
        }
        return lines;
    }
}
