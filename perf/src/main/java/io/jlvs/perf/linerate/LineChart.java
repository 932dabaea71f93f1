package io.jlvs.perf.linerate;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A tiny PNG line chart writer (Java2D, headless) with a logarithmic x axis: the flow-count sweep,
 * one line per series, each point labelled with its value.
 */
final class LineChart {

    /** One line: a name and y per x (NaN: no point). */
    record Series(String name, double[] y, Color color) {}

    private LineChart() {}

    static void write(Path file, String title, String xUnit, String yUnit, long[] x, List<Series> series) throws IOException {
        int width = 1000, height = 560, left = 80, right = 30, top = 60, bottom = 70;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        double max = 0;
        for (Series s : series) for (double v : s.y()) if (!Double.isNaN(v)) max = Math.max(max, v);
        max = niceCeiling(max * 1.1);
        double minLog = Math.floor(Math.log10(x[0])), maxLog = Math.ceil(Math.log10(x[x.length - 1]));
        if (maxLog <= minLog) maxLog = minLog + 1;
        int plotHeight = height - top - bottom, plotWidth = width - left - right;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, left, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int t = 0; t <= 5; t++) {
            double v = max * t / 5;
            int y = top + plotHeight - (int) (plotHeight * t / 5.0);
            g.setColor(new Color(225, 225, 225));
            g.drawLine(left, y, left + plotWidth, y);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%.1f", v), 10, y + 4);
        }
        for (double d = minLog; d <= maxLog; d++) {
            int px = left + (int) (plotWidth * (d - minLog) / (maxLog - minLog));
            g.setColor(new Color(225, 225, 225));
            g.drawLine(px, top, px, top + plotHeight);
            g.setColor(Color.BLACK);
            g.drawString(shortCount(Math.round(Math.pow(10, d))), px - 10, top + plotHeight + 18);
        }
        g.drawString(yUnit, 10, top - 12);
        g.drawString(xUnit + " (log scale)", left + plotWidth / 2 - 40, height - 20);
        g.drawLine(left, top + plotHeight, left + plotWidth, top + plotHeight);
        int legendY = top - 12;
        int legendX = left + 260;
        for (Series s : series) {
            g.setColor(s.color());
            g.setStroke(new BasicStroke(2f));
            int lastX = -1, lastY = -1;
            for (int i = 0; i < x.length; i++) {
                double v = s.y()[i];
                if (Double.isNaN(v)) { lastX = -1; continue; }
                int px = left + (int) (plotWidth * (Math.log10(x[i]) - minLog) / (maxLog - minLog));
                int py = top + plotHeight - (int) (plotHeight * v / max);
                if (lastX >= 0) g.drawLine(lastX, lastY, px, py);
                g.fillOval(px - 4, py - 4, 8, 8);
                g.drawString(String.format(Locale.ROOT, "%.1f", v), px + 6, py - 6);
                lastX = px;
                lastY = py;
            }
            g.fillRect(legendX, legendY - 9, 18, 4);
            g.drawString(s.name(), legendX + 24, legendY - 4);
            legendX += 30 + g.getFontMetrics().stringWidth(s.name()) + 20;
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    static String shortCount(long n) {
        return n >= 1_000_000 && n % 1_000_000 == 0 ? n / 1_000_000 + "M" : n >= 1_000 && n % 1_000 == 0 ? n / 1_000 + "K" : Long.toString(n);
    }

    private static double niceCeiling(double v) {
        if (v <= 0) return 1;
        double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) if (step * magnitude >= v) return step * magnitude;
        return 10 * magnitude;
    }
}
