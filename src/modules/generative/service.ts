/** What other modules (newsroom, MCP) use of the generative conductors. */
export { ASPECT_RATIOS, callerOf, generateImages, generateImagesFor, generateText, generateTextFor, generateObjectFor, ImageInput, TextInput, type Caller } from "./conductors";
export { cancelVideoJob, getVideoJob, startVideoJob, VideoInput } from "./jobs";
export { hasProvider, providerFor } from "./providers";
