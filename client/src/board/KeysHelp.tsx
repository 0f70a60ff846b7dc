import { useBoardState } from "./context.ts";
import { KEY_HELP } from "./keys.ts";

/** The presenter's keys, listed by `?`: what each key does, from the same table the keys use. */
export function KeysHelp() {
  const open = useBoardState((s) => s.helpOpen);
  const setOpen = useBoardState((s) => s.setHelpOpen);
  if (!open) return null;
  return (
    <div className="overlay" role="dialog" aria-label="Presenter keys" data-testid="keys-help">
      <h2>Presenter keys</h2>
      <table>
        <tbody>
          {KEY_HELP.map((line) => (
            <tr key={line.does}>
              <th scope="row">
                {line.keys.map((key) => (
                  <kbd key={key}>{key}</kbd>
                ))}
              </th>
              <td>{line.does}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={() => setOpen(false)}>
        Close
      </button>
    </div>
  );
}
