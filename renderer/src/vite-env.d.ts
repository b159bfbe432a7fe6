// Vite's client types: asset and worker URL imports (`?worker&url`) used for the audio worklets.
/// <reference types="vite/client" />
