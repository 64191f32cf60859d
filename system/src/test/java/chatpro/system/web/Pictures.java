package chatpro.system.web;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** A photo-sized picture drawn for the tests (a lift's call panel by a door), so screens show a real image. */
public final class Pictures {
  private Pictures() {}

  public static Path liftPanel() throws Exception {
    BufferedImage image = new BufferedImage(1200, 900, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setPaint(new GradientPaint(0, 0, new Color(0xd9d4c7), 1200, 900, new Color(0x8f8a7e)));
    g.fillRect(0, 0, 1200, 900);
    g.setColor(new Color(0x6d7378));
    g.fillRect(80, 60, 560, 840);
    g.setColor(new Color(0xa9b0b5));
    g.fillRect(100, 80, 250, 820);
    g.fillRect(370, 80, 250, 820);
    g.setColor(new Color(0x2b2f33));
    g.fillRoundRect(760, 300, 200, 340, 24, 24);
    g.setStroke(new BasicStroke(10));
    for (int i = 0; i < 2; i++) {
      g.setColor(i == 0 ? new Color(0xf2c94c) : new Color(0xe0e0e0));
      g.fillOval(815, 350 + i * 150, 90, 90);
      g.setColor(new Color(0x1b1e21));
      int y = 395 + i * 150;
      g.drawLine(860, y - 25, 860, y + 25);
      g.drawLine(860, y + (i == 0 ? -25 : 25), 840, y + (i == 0 ? -5 : 5));
      g.drawLine(860, y + (i == 0 ? -25 : 25), 880, y + (i == 0 ? -5 : 5));
    }
    g.dispose();
    Path file = Files.createTempFile("chatpro-lift-", ".jpg");
    ImageIO.write(image, "jpg", file.toFile());
    file.toFile().deleteOnExit();
    return file;
  }
}
