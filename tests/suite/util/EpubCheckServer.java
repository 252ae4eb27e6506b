import com.adobe.epubcheck.tool.EpubChecker;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * EPUBCheck for the tests, one Java virtual machine for many books: each line on standard
 * input is "EPUB<TAB>REPORT.json"; the checker writes its JSON report there and this prints
 * "done EXIT" on standard output. Its own chatter goes to standard error.
 */
public class EpubCheckServer {
    public static void main(String[] args) throws Exception {
        PrintStream answers = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        BufferedReader requests =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = requests.readLine()) != null) {
            String[] paths = line.split("\t", 2);
            int exit;
            try {
                exit = new EpubChecker().run(new String[] {paths[0], "--json", paths[1]});
            } catch (Throwable e) {
                e.printStackTrace();
                exit = -1;
            }
            answers.println("done " + exit);
        }
    }
}
