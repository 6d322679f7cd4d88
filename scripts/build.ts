/** `npm run build:app`: the production build with the source stamp `npm start` checks (for container images). */
import { ensureBuild } from "./start";

ensureBuild();
