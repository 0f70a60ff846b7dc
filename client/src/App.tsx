import { Controls } from "./components/Controls.tsx";
import { DeliveredList } from "./components/DeliveredList.tsx";
import { Header } from "./components/Header.tsx";
import { HoldBack } from "./components/HoldBack.tsx";
import { Intro } from "./components/Intro.tsx";
import { Lane } from "./components/Lane.tsx";
import { Repairs } from "./components/Repairs.tsx";

export function App() {
  return (
    <div className="app">
      <Header />
      <Intro />
      <Controls />
      <HoldBack />
      <Lane />
      <Repairs />
      <DeliveredList />
    </div>
  );
}
