/**
 * Identifiers of the AAF object model (AAF Object Specification v1.1 and
 * the SMPTE registries): class AUIDs, static property ids, data, operation,
 * parameter, interpolation and type definitions used by the session mapping.
 */

/** Baseline class AUIDs are 0d010101-0101-XX00-060e-2b3402060101. */
function cls(code: number): string {
  return `0d010101-0101-${code.toString(16).padStart(2, '0')}00-060e-2b3402060101`;
}
/** Meta classes (ClassDefinition, PropertyDefinition, the TypeDefinitions, MetaDictionary) are 0d010101-02XX-0000-060e-2b3402060101. */
function meta(code: number): string {
  return `0d010101-02${code.toString(16).padStart(2, '0')}-0000-060e-2b3402060101`;
}

/** Baseline classes: name and parent name (the parent chain resolves extension classes). */
const CLASS_TABLE: Array<[number, string, string | null]> = [
  [0x01, 'InterchangeObject', null],
  [0x02, 'Component', 'InterchangeObject'],
  [0x03, 'Segment', 'Component'],
  [0x04, 'EdgeCode', 'Segment'],
  [0x05, 'EssenceGroup', 'Segment'],
  [0x06, 'Event', 'Segment'],
  [0x07, 'GPITrigger', 'Event'],
  [0x08, 'CommentMarker', 'Event'],
  [0x09, 'Filler', 'Segment'],
  [0x0a, 'OperationGroup', 'Segment'],
  [0x0b, 'NestedScope', 'Segment'],
  [0x0c, 'Pulldown', 'Segment'],
  [0x0d, 'ScopeReference', 'Segment'],
  [0x0e, 'Selector', 'Segment'],
  [0x0f, 'Sequence', 'Segment'],
  [0x10, 'SourceReference', 'Segment'],
  [0x11, 'SourceClip', 'SourceReference'],
  [0x12, 'TextClip', 'SourceReference'],
  [0x13, 'HTMLClip', 'TextClip'],
  [0x14, 'Timecode', 'Segment'],
  [0x15, 'TimecodeStream', 'Segment'],
  [0x16, 'TimecodeStream12M', 'TimecodeStream'],
  [0x17, 'Transition', 'Component'],
  [0x18, 'ContentStorage', 'InterchangeObject'],
  [0x19, 'ControlPoint', 'InterchangeObject'],
  [0x1a, 'DefinitionObject', 'InterchangeObject'],
  [0x1b, 'DataDefinition', 'DefinitionObject'],
  [0x1c, 'OperationDefinition', 'DefinitionObject'],
  [0x1d, 'ParameterDefinition', 'DefinitionObject'],
  [0x1e, 'PluginDefinition', 'DefinitionObject'],
  [0x1f, 'CodecDefinition', 'DefinitionObject'],
  [0x20, 'ContainerDefinition', 'DefinitionObject'],
  [0x21, 'InterpolationDefinition', 'DefinitionObject'],
  [0x22, 'Dictionary', 'InterchangeObject'],
  [0x23, 'EssenceData', 'InterchangeObject'],
  [0x24, 'EssenceDescriptor', 'InterchangeObject'],
  [0x25, 'FileDescriptor', 'EssenceDescriptor'],
  [0x26, 'AIFCDescriptor', 'FileDescriptor'],
  [0x27, 'DigitalImageDescriptor', 'FileDescriptor'],
  [0x28, 'CDCIDescriptor', 'DigitalImageDescriptor'],
  [0x29, 'RGBADescriptor', 'DigitalImageDescriptor'],
  [0x2a, 'HTMLDescriptor', 'FileDescriptor'],
  [0x2b, 'TIFFDescriptor', 'FileDescriptor'],
  [0x2c, 'WAVEDescriptor', 'FileDescriptor'],
  [0x2d, 'FilmDescriptor', 'EssenceDescriptor'],
  [0x2e, 'TapeDescriptor', 'EssenceDescriptor'],
  [0x2f, 'Header', 'InterchangeObject'],
  [0x30, 'Identification', 'InterchangeObject'],
  [0x31, 'Locator', 'InterchangeObject'],
  [0x32, 'NetworkLocator', 'Locator'],
  [0x33, 'TextLocator', 'Locator'],
  [0x34, 'Mob', 'InterchangeObject'],
  [0x35, 'CompositionMob', 'Mob'],
  [0x36, 'MasterMob', 'Mob'],
  [0x37, 'SourceMob', 'Mob'],
  [0x38, 'MobSlot', 'InterchangeObject'],
  [0x39, 'EventMobSlot', 'MobSlot'],
  [0x3a, 'StaticMobSlot', 'MobSlot'],
  [0x3b, 'TimelineMobSlot', 'MobSlot'],
  [0x3c, 'Parameter', 'InterchangeObject'],
  [0x3d, 'ConstantValue', 'Parameter'],
  [0x3e, 'VaryingValue', 'Parameter'],
  [0x3f, 'TaggedValue', 'InterchangeObject'],
  [0x40, 'KLVData', 'InterchangeObject'],
  [0x41, 'DescriptiveMarker', 'CommentMarker'],
  [0x42, 'SoundDescriptor', 'FileDescriptor'],
  [0x43, 'DataEssenceDescriptor', 'FileDescriptor'],
  [0x44, 'MultipleDescriptor', 'FileDescriptor'],
  [0x45, 'DescriptiveClip', 'SourceClip'],
  [0x47, 'AES3PCMDescriptor', 'PCMDescriptor'],
  [0x48, 'PCMDescriptor', 'SoundDescriptor'],
  [0x49, 'PhysicalDescriptor', 'EssenceDescriptor'],
  [0x4a, 'ImportDescriptor', 'PhysicalDescriptor'],
  [0x4b, 'RecordingDescriptor', 'PhysicalDescriptor'],
  [0x4c, 'TaggedValueDefinition', 'DefinitionObject'],
  [0x4d, 'KLVDataDefinition', 'DefinitionObject'],
  [0x4e, 'AuxiliaryDescriptor', 'PhysicalDescriptor'],
  [0x4f, 'RIFFChunk', 'InterchangeObject'],
  [0x50, 'BWFImportDescriptor', 'ImportDescriptor'],
  [0x51, 'MPEGVideoDescriptor', 'CDCIDescriptor'],
];

const META_TABLE: Array<[number, string, string | null]> = [
  [0x01, 'ClassDefinition', 'MetaDefinition'],
  [0x02, 'PropertyDefinition', 'MetaDefinition'],
  [0x03, 'TypeDefinition', 'MetaDefinition'],
  [0x25, 'MetaDictionary', null],
  [0x24, 'MetaDefinition', null],
];

export type ClassInfo = { name: string; parent: string | null };

/** Class AUID → name and parent name, for baseline classes. */
export const KNOWN_CLASSES = new Map<string, ClassInfo>([
  ...CLASS_TABLE.map(([c, n, p]) => [cls(c), { name: n, parent: p }] as [string, ClassInfo]),
  ...META_TABLE.map(([c, n, p]) => [meta(c), { name: n, parent: p }] as [string, ClassInfo]),
]);
for (let c = 0x04; c <= 0x22; c++) {
  const id = meta(c);
  if (!KNOWN_CLASSES.has(id)) KNOWN_CLASSES.set(id, { name: `TypeDefinition${c.toString(16)}`, parent: 'TypeDefinition' });
}

export const CLASS_PARENT = new Map<string, string | null>([...KNOWN_CLASSES.values()].map((c) => [c.name, c.parent]));

/** Static property ids (local identifications). */
export const PID = {
  Root_MetaDictionary: 0x0001,
  Root_Header: 0x0002,
  MetaDictionary_ClassDefinitions: 0x0003,
  MetaDictionary_TypeDefinitions: 0x0004,
  MetaDefinition_Identification: 0x0005,
  MetaDefinition_Name: 0x0006,
  MetaDefinition_Description: 0x0007,
  ClassDefinition_ParentClass: 0x0008,
  ClassDefinition_Properties: 0x0009,
  ClassDefinition_IsConcrete: 0x000a,
  PropertyDefinition_Type: 0x000b,
  PropertyDefinition_IsOptional: 0x000c,
  PropertyDefinition_LocalIdentification: 0x000d,

  InterchangeObject_ObjClass: 0x0101,
  Component_DataDefinition: 0x0201,
  Component_Length: 0x0202,
  Component_KLVData: 0x0203,
  Component_UserComments: 0x0204,
  Component_Attributes: 0x0205,
  EssenceGroup_Choices: 0x0501,
  Event_Position: 0x0601,
  Event_Comment: 0x0602,
  CommentMarker_Annotation: 0x0901,
  OperationGroup_Operation: 0x0b01,
  OperationGroup_InputSegments: 0x0b02,
  OperationGroup_Parameters: 0x0b03,
  OperationGroup_BypassOverride: 0x0b04,
  OperationGroup_Rendering: 0x0b05,
  NestedScope_Slots: 0x0c01,
  Selector_Selected: 0x0f01,
  Selector_Alternates: 0x0f02,
  Sequence_Components: 0x1001,
  SourceReference_SourceID: 0x1101,
  SourceReference_SourceMobSlotID: 0x1102,
  SourceReference_ChannelIDs: 0x1103,
  SourceClip_FadeInLength: 0x1202,
  SourceClip_FadeInType: 0x1203,
  SourceClip_FadeOutLength: 0x1204,
  SourceClip_FadeOutType: 0x1205,
  SourceClip_StartTime: 0x1201,
  Timecode_Start: 0x1501,
  Timecode_FPS: 0x1502,
  Timecode_Drop: 0x1503,
  Transition_OperationGroup: 0x1801,
  Transition_CutPoint: 0x1802,
  ContentStorage_Mobs: 0x1901,
  ContentStorage_EssenceData: 0x1902,
  ControlPoint_Value: 0x1a02,
  ControlPoint_Time: 0x1a03,
  ControlPoint_EditHint: 0x1a04,
  DefinitionObject_Identification: 0x1b01,
  DefinitionObject_Name: 0x1b02,
  DefinitionObject_Description: 0x1b03,
  Dictionary_OperationDefinitions: 0x2603,
  Dictionary_ParameterDefinitions: 0x2604,
  Dictionary_DataDefinitions: 0x2605,
  EssenceData_MobID: 0x2701,
  EssenceData_Data: 0x2702,
  EssenceDescriptor_Locator: 0x2f01,
  FileDescriptor_SampleRate: 0x3001,
  FileDescriptor_Length: 0x3002,
  FileDescriptor_ContainerFormat: 0x3004,
  FileDescriptor_CodecDefinition: 0x3005,
  AIFCDescriptor_Summary: 0x3101,
  WAVEDescriptor_Summary: 0x3801,
  Header_ByteOrder: 0x3b01,
  Header_LastModified: 0x3b02,
  Header_Content: 0x3b03,
  Header_Dictionary: 0x3b04,
  Header_Version: 0x3b05,
  Header_IdentificationList: 0x3b06,
  Header_ObjectModelVersion: 0x3b07,
  Identification_CompanyName: 0x3c01,
  Identification_ProductName: 0x3c02,
  Identification_ProductVersion: 0x3c03,
  Identification_ProductVersionString: 0x3c04,
  Identification_ProductID: 0x3c05,
  Identification_Date: 0x3c06,
  Identification_ToolkitVersion: 0x3c07,
  Identification_Platform: 0x3c08,
  SoundDescriptor_QuantizationBits: 0x3d01,
  SoundDescriptor_AudioSamplingRate: 0x3d03,
  SoundDescriptor_Channels: 0x3d07,
  PCMDescriptor_BlockAlign: 0x3d0a,
  MultipleDescriptor_FileDescriptors: 0x3f01,
  NetworkLocator_URLString: 0x4001,
  TextLocator_Name: 0x4101,
  Mob_MobID: 0x4401,
  Mob_Name: 0x4402,
  Mob_Slots: 0x4403,
  Mob_LastModified: 0x4404,
  Mob_CreationTime: 0x4405,
  Mob_UserComments: 0x4406,
  Mob_UsageCode: 0x4408,
  Mob_Attributes: 0x4409,
  SourceMob_EssenceDescription: 0x4701,
  MobSlot_SlotID: 0x4801,
  MobSlot_SlotName: 0x4802,
  MobSlot_Segment: 0x4803,
  MobSlot_PhysicalTrackNumber: 0x4804,
  EventMobSlot_EditRate: 0x4901,
  TimelineMobSlot_EditRate: 0x4b01,
  TimelineMobSlot_Origin: 0x4b02,
  Parameter_Definition: 0x4c01,
  ConstantValue_Value: 0x4d01,
  VaryingValue_Interpolation: 0x4e01,
  VaryingValue_PointList: 0x4e02,
  TaggedValue_Name: 0x5001,
  TaggedValue_Value: 0x5003,
  DescriptiveMarker_Description: 0x6101,
  DescriptiveMarker_DescribedSlots: 0x6102,
} as const;

/** Data definitions. */
export const DATA_DEF = {
  Sound: '01030202-0200-0000-060e-2b3404010101',
  LegacySound: '78e1ebe1-6cef-11d2-807d-006008143e6f',
  Picture: '01030202-0100-0000-060e-2b3404010101',
  LegacyPicture: '6f3c8ce1-6cef-11d2-807d-006008143e6f',
  Timecode: '01030201-0100-0000-060e-2b3404010101',
  LegacyTimecode: '7f275e81-77e5-11d2-807f-006008143e6f',
  DescriptiveMetadata: '01030201-1000-0000-060e-2b3404010101',
} as const;

/** Operation definitions. */
export const OP_DEF = {
  MonoAudioGain: '9d2ea894-0968-11d3-8a38-0050040ef7d2',
  StereoAudioGain: '9d2ea895-0968-11d3-8a38-0050040ef7d2',
  MonoAudioPan: '9d2ea893-0968-11d3-8a38-0050040ef7d2',
  MonoAudioDissolve: '0c3bea41-fc05-11d2-8a29-0050040ef7d2',
  AudioChannelCombiner: '6b46dd7a-132d-4856-ab21-8b751d8462ec',
  AvidAudioWarp: 'f1db0f27-8d64-11d3-80df-006008143e6f',
} as const;

/** Parameter definitions. */
export const PARAM_DEF = {
  Amplitude: 'e4962321-2267-11d3-8a4c-0050040ef7d2',
  Pan: 'e4962322-2267-11d3-8a4c-0050040ef7d2',
  Level: 'e4962320-2267-11d3-8a4c-0050040ef7d2',
  AvidControlClipRatio: '47c00f7d-fb55-11d3-9ff7-0004ac969f50',
  PanVolIsTrimGainEffect: '922d458d-8f22-11d4-a03c-0004ac969f50',
  CurveType: '8134fc48-3bd6-4904-9520-7a6360cc7127',
} as const;

export const INTERP_DEF: Record<string, string> = {
  '5b6c85a4-0ede-11d3-80a9-006008143e6f': 'linear',
  '5b6c85a5-0ede-11d3-80a9-006008143e6f': 'constant',
  '5b6c85a3-0ede-11d3-80a9-006008143e6f': 'none',
  '5b6c85a6-0ede-11d3-80a9-006008143e6f': 'bspline',
  '15829ec3-1f24-458a-960d-c65bb23c2aa1': 'log',
  'c09153f7-bd18-4e5a-ad09-cbdd654fa001': 'power',
};

/** Type definitions met in indirect values (TaggedValue, ControlPoint, ConstantValue). */
export const TYPE_DEF = {
  UInt8: '01010100-0000-0000-060e-2b3401040101',
  UInt16: '01010200-0000-0000-060e-2b3401040101',
  UInt32: '01010300-0000-0000-060e-2b3401040101',
  UInt64: '01010400-0000-0000-060e-2b3401040101',
  Int8: '01010500-0000-0000-060e-2b3401040101',
  Int16: '01010600-0000-0000-060e-2b3401040101',
  Int32: '01010700-0000-0000-060e-2b3401040101',
  Int64: '01010800-0000-0000-060e-2b3401040101',
  Rational: '03010100-0000-0000-060e-2b3401040101',
  String: '01100200-0000-0000-060e-2b3401040101',
  Boolean: '01040100-0000-0000-060e-2b3401040101',
} as const;

/** TimelineMobAttributeList (Premiere names it TimelineMobSlotAttributes; same AUID). */
export const TIMELINE_MOB_ATTRIBUTE_LIST = '107f8331-1914-4234-b2c4-5a3eb755b7ca';
