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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * lab/flood.sh's plot: one panel per phase over time (0 = the flood starts): connection-table entries
 * against the table's capacity (left axis) and the established clients' request success per second in
 * percent (right axis); the flood's span is shaded. Run as a source file:
 * java lab/FloodPlot.java flood.csv flood.png
 */
public class FloodPlot {
    public static void main(String[] args) throws Exception {
        List<String> lines = Files.readAllLines(Path.of(args[0]));
        List<String> header = Arrays.asList(lines.get(0).split(","));
        int cPhase = header.indexOf("phase"), cT = header.indexOf("t_s"), cConn = header.indexOf("connections"),
                cCap = header.indexOf("capacity"), cOk = header.indexOf("requests_ok"), cFail = header.indexOf("requests_failed");
        Map<String, List<String[]>> phases = new LinkedHashMap<>();
        for (String l : lines.subList(1, lines.size())) {
            if (l.isBlank()) continue;
            String[] r = l.split(",", -1);
            phases.computeIfAbsent(r[cPhase], k -> new ArrayList<>()).add(r);
        }
        double floodSeconds = args.length > 2 ? Double.parseDouble(args[2]) : Double.NaN;
        int width = 1100, panelHeight = 220, top = 40;
        BufferedImage image = new BufferedImage(width, top + phases.size() * panelHeight + 30, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString("jlvs under a spoofed SYN flood: " + Path.of(args[0]).getFileName(), 60, 25);
        double tMin = Double.MAX_VALUE, tMax = -Double.MAX_VALUE;
        for (List<String[]> rows : phases.values()) {
            for (String[] r : rows) {
                tMin = Math.min(tMin, Double.parseDouble(r[cT]));
                tMax = Math.max(tMax, Double.parseDouble(r[cT]));
            }
        }
        if (tMax <= tMin) tMax = tMin + 1;
        int p = 0;
        for (Map.Entry<String, List<String[]>> phase : phases.entrySet()) {
            List<String[]> rows = phase.getValue();
            int y0 = top + p++ * panelHeight, x0 = 90, w = width - 180, h = panelHeight - 55;
            double capacity = 1;
            for (String[] r : rows) capacity = Math.max(capacity, Math.max(num(r[cCap]), num(r[cConn])));
            double max = capacity * 1.1;
            final double t0 = tMin, span = tMax - tMin;
            java.util.function.DoubleUnaryOperator x = t -> x0 + (t - t0) / span * w;
            if (!Double.isNaN(floodSeconds)) {
                g.setColor(new Color(0xfde0dd));
                g.fillRect((int) x.applyAsDouble(0), y0, (int) (x.applyAsDouble(floodSeconds) - x.applyAsDouble(0)), h);
            }
            g.setColor(Color.BLACK);
            g.drawRect(x0, y0, w, h);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
            g.drawString("phase " + phase.getKey(), x0 + 5, y0 - 4);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            for (int k = 0; k <= 4; k++) {
                g.drawString(String.format("%.0f", max * k / 4), 10, y0 + h - k * h / 4 + 4);
                g.drawString(String.format("%d %%", 25 * k), x0 + w + 8, y0 + h - k * h / 4 + 4);
            }
            for (int k = 0; k <= 6; k++) g.drawString(String.format("%.0f s", tMin + span * k / 6), x0 + k * w / 6 - 10, y0 + h + 14);
            // capacity, dashed
            g.setColor(Color.GRAY);
            g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
            int yc = y0 + h - (int) (capacity / max * h);
            g.drawLine(x0, yc, x0 + w, yc);
            series(g, rows, cT, x, r -> num(r[cConn]) / max, y0, h, new Color(0xd62728));
            series(g, rows, cT, x, r -> {
                double ok = num(r[cOk]), fail = num(r[cFail]);
                return ok + fail == 0 ? 0 : ok / (ok + fail);
            }, y0, h, new Color(0x1f77b4));
            g.setColor(new Color(0xd62728));
            g.drawString("connection-table entries", x0 + 10, y0 + 14);
            g.setColor(Color.GRAY);
            g.drawString("capacity", x0 + 170, y0 + 14);
            g.setColor(new Color(0x1f77b4));
            g.drawString("established requests answered per second (%, right)", x0 + 240, y0 + 14);
        }
        g.dispose();
        ImageIO.write(image, "png", new File(args[1]));
    }

    private static double num(String s) { return s.isEmpty() ? 0 : Double.parseDouble(s); }

    private static void series(Graphics2D g, List<String[]> rows, int cT, java.util.function.DoubleUnaryOperator x,
                               java.util.function.ToDoubleFunction<String[]> fraction, int y0, int h, Color color) {
        g.setColor(color);
        g.setStroke(new BasicStroke(1.8f));
        int px = -1, py = -1;
        for (String[] r : rows) {
            int xx = (int) x.applyAsDouble(Double.parseDouble(r[cT]));
            int yy = y0 + h - (int) (Math.min(1, fraction.applyAsDouble(r)) * h);
            if (px >= 0) g.drawLine(px, py, xx, yy);
            px = xx;
            py = yy;
        }
    }
}
