package io.jlvs.perf.linerate;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A tiny PNG bar chart writer (Java2D, headless), so the harness needs no plotting package: one bar
 * per run, its value above it, and a dashed line at the limit (the bare loop).
 */
final class BarChart {

    private BarChart() {}

    static void write(Path file, String title, String unit, List<String> labels, double[] values, double limit) throws IOException {
        int width = 1000, height = 560, left = 70, right = 20, top = 50, bottom = 170;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        double max = Double.isNaN(limit) ? 0 : limit;
        for (double v : values) if (!Double.isNaN(v)) max = Math.max(max, v);
        max = niceCeiling(max * 1.1);
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
        g.drawString(unit, 10, top - 8);
        g.drawLine(left, top + plotHeight, left + plotWidth, top + plotHeight);
        int n = values.length;
        int slot = plotWidth / Math.max(1, n);
        for (int i = 0; i < n; i++) {
            double v = Double.isNaN(values[i]) ? 0 : values[i];
            int h = (int) (plotHeight * v / max);
            int x = left + i * slot + slot / 6;
            g.setColor(labels.get(i).startsWith("bare") ? new Color(150, 150, 150) : new Color(60, 110, 180));
            g.fillRect(x, top + plotHeight - h, slot * 2 / 3, h);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%.2f", v), x, top + plotHeight - h - 4);
            AffineTransform saved = g.getTransform();
            g.rotate(Math.toRadians(40), x + 4, top + plotHeight + 14);
            g.drawString(labels.get(i), x + 4, top + plotHeight + 14);
            g.setTransform(saved);
        }
        if (!Double.isNaN(limit)) {
            int y = top + plotHeight - (int) (plotHeight * limit / max);
            g.setColor(new Color(200, 40, 40));
            g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
            g.drawLine(left, y, left + plotWidth, y);
            g.drawString(String.format(Locale.ROOT, "bare rx->tx loop (mean) %.2f", limit), left + plotWidth / 3, y - 5);
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static double niceCeiling(double v) {
        if (v <= 0) return 1;
        double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) if (step * magnitude >= v) return step * magnitude;
        return 10 * magnitude;
    }
}
