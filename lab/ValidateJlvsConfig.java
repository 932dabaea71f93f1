// Checks that the jlvs.yaml lab/up writes is accepted by jlvs's own config loader.
// Run by lab/test-lab.sh with the Java source launcher, on the built slowpath classes:
//   java -cp CLASSPATH lab/ValidateJlvsConfig.java /run/jlvs-lab/jlvs.yaml
// Prints "accepted" and exits 0, or prints the loader's errors and exits 1.
import io.jlvs.slowpath.config.ConfigException;
import io.jlvs.slowpath.config.ConfigLoader;
import java.nio.file.Path;

public class ValidateJlvsConfig {
    public static void main(String[] args) {
        try {
            ConfigLoader.load(Path.of(args[0]));
            System.out.println("accepted");
        } catch (ConfigException e) {
            System.out.println(e.getMessage());
            System.exit(1);
        }
    }
}
