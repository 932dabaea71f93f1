import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The soak's plot (lab/soak.sh): four panels over time from its CSV: packet pool free, connection-table
 * entries, heap after GC, heap used and RSS (MiB), failed requests and downloads (cumulative). Run as a source
 * file: java lab/SoakPlot.java soak.csv soak.png "note".
 */
public class SoakPlot {
    record Series(String column, String label, Color color) {}

    public static void main(String[] args) throws Exception {
        List<String> lines = Files.readAllLines(Path.of(args[0]));
        List<String> header = Arrays.asList(lines.get(0).split(","));
        List<String[]> rows = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) if (!l.isBlank()) rows.add(l.split(",", -1));
        String note = args.length > 2 ? args[2] : "";
        List<List<Series>> panels = List.of(
                List.of(new Series("pool_free", "packet pool free (mbufs)", new Color(0x1f77b4))),
                List.of(new Series("connections", "connection-table entries", new Color(0xd62728))),
                List.of(new Series("heap_after_gc_mib", "heap after GC (MiB)", new Color(0x2ca02c)),
                        new Series("heap_used_mib", "heap used (MiB)", new Color(0xbcbd22)),
                        new Series("rss_mib", "RSS (MiB)", new Color(0x9467bd))),
                List.of(new Series("requests_failed", "failed requests (total)", new Color(0xff7f0e)),
                        new Series("downloads_failed", "failed downloads (total)", new Color(0x8c564b))));
        int width = 1100, panelHeight = 210, top = 40;
        BufferedImage image = new BufferedImage(width, top + panels.size() * panelHeight + 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString("jlvs soak: " + Path.of(args[0]).getFileName() + (note.isEmpty() ? "" : " (" + note + ")"), 60, 25);
        int t = header.indexOf("t_s");
        double tMax = rows.stream().mapToDouble(r -> Double.parseDouble(r[t])).max().orElse(1);
        for (int p = 0; p < panels.size(); p++) {
            int y0 = top + p * panelHeight, x0 = 90, w = width - 120, h = panelHeight - 50;
            double max = 0;
            for (Series s : panels.get(p)) {
                int c = header.indexOf(s.column());
                for (String[] r : rows) if (!r[c].isEmpty()) max = Math.max(max, Double.parseDouble(r[c]));
            }
            max = max <= 0 ? 1 : max * 1.1;
            g.setColor(new Color(0xdddddd));
            for (int k = 0; k <= 4; k++) g.drawLine(x0, y0 + h - k * h / 4, x0 + w, y0 + h - k * h / 4);
            g.setColor(Color.BLACK);
            g.drawRect(x0, y0, w, h);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            for (int k = 0; k <= 4; k++) {
                g.drawString(String.format("%.0f", max * k / 4), 10, y0 + h - k * h / 4 + 4);
            }
            for (int k = 0; k <= 6; k++) g.drawString(String.format("%.0f s", tMax * k / 6), x0 + k * w / 6 - 10, y0 + h + 14);
            int legend = 0;
            for (Series s : panels.get(p)) {
                int c = header.indexOf(s.column());
                g.setColor(s.color());
                g.setStroke(new BasicStroke(1.8f));
                int px = -1, py = -1;
                for (String[] r : rows) {
                    if (r[c].isEmpty()) continue;
                    int x = x0 + (int) (Double.parseDouble(r[t]) / tMax * w);
                    int y = y0 + h - (int) (Double.parseDouble(r[c]) / max * h);
                    if (px >= 0) g.drawLine(px, py, x, y);
                    px = x;
                    py = y;
                }
                g.drawString(s.label(), x0 + 10 + legend, y0 + 14);
                legend += g.getFontMetrics().stringWidth(s.label()) + 25;
            }
        }
        g.dispose();
        ImageIO.write(image, "png", new File(args[1]));
    }
}
