import { Controls } from "./components/Controls.tsx";
import { DeliveredList } from "./components/DeliveredList.tsx";
import { Header } from "./components/Header.tsx";
import { HoldBack } from "./components/HoldBack.tsx";
import { Lane } from "./components/Lane.tsx";
import { Repairs } from "./components/Repairs.tsx";

export function App() {
  return (
    <div className="app">
      <Header />
      <p className="explain">
        Every tab is a worker. The sequencer stamps each message with the next global timestamp (seq) and sends it to every worker over a
        simulated network, so messages overtake each other. A message that arrives early waits in the hold-back queue until all before it
        are delivered: every tab delivers the same order.
      </p>
      <Controls />
      <HoldBack />
      <Lane />
      <Repairs />
      <DeliveredList />
    </div>
  );
}
