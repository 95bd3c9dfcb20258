import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Construct } from 'constructs';
import { zipSync, Zippable } from 'fflate';
import { AssetType, TerraformAsset, TerraformResource } from 'cdktf';
import { StorageBucket, StorageBucketLifecycleRule } from '@cdktf/provider-google/lib/storage-bucket';
import { StorageBucketIamBinding } from '@cdktf/provider-google/lib/storage-bucket-iam-binding';
import { StorageBucketIamMember } from '@cdktf/provider-google/lib/storage-bucket-iam-member';
import { StorageBucketObject } from '@cdktf/provider-google/lib/storage-bucket-object';
import { bucketNameProblem } from '../config/schema';
import { listTree } from '../files';
import { applyIam, grant, Grantee, IamFactory, IamProps } from '../iam';
import { PlatformConstruct } from '../platform-construct';
import { libraryMade } from '../library-made';
import { CmekKey } from './cmek-key';

export interface BucketLifecycleRule {
  readonly action: 'Delete' | 'SetStorageClass';
  /** Required with `SetStorageClass`. @default - none (a `Delete` rule needs none) */
  readonly storageClass?: 'NEARLINE' | 'COLDLINE' | 'ARCHIVE';
  /**
   * Applies to objects this many days old. A rule needs this or `daysSinceNoncurrent`.
   * @default - no age condition
   */
  readonly ageDays?: number;
  /** Applies to non-current versions this many days after they were replaced. @default - no such condition */
  readonly daysSinceNoncurrent?: number;
  /** @default - objects of any name */
  readonly matchesPrefix?: readonly string[];
}

export interface EncryptedBucketProps extends IamProps {
  readonly name: string;
  /** A `storage` class key in the bucket's region. There is no Google-managed fallback. */
  readonly encryptionKey: CmekKey;
  /** @default - the key's location */
  readonly location?: string;
  /** @default true */
  readonly versioned?: boolean;
  /** @default - non-current versions are deleted 30 days after they are replaced */
  readonly lifecycleRules?: readonly BucketLifecycleRule[];
  /**
   * Objects cannot be deleted or replaced until this old. Combined with `versioned: false` this
   * makes a WORM bucket; leave unset where writers overwrite objects (e.g. a daily CSV).
   * @default - no retention policy
   */
  readonly retentionSeconds?: number;
  /** @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

export interface UploadOptions {
  /** Object name prefix, e.g. `dags/` or `pipelines/`. @default '' */
  readonly prefix?: string;
  /**
   * Put the content hash in the object name (`end2end-<sha12>.json`), so a changed file is a new
   * object and an unchanged one is left alone. @default true
   */
  readonly hashInName?: boolean;
}

export interface UploadDirectoryOptions {
  /** Object name prefix, e.g. `functions/`. @default '' */
  readonly prefix?: string;
  /**
   * Names of files and folders left out at any depth (exact names, or `*.ext`). `node_modules`,
   * `.git` and `__pycache__` are always left out.
   * @default []
   */
  readonly exclude?: readonly string[];
}

/** What `uploadDirectory` created. */
export interface UploadedArchive {
  readonly object: StorageBucketObject;
  /** sha256 over the archived files' relative paths and bytes, in hex. */
  readonly sha256: string;
  /** `gs://<bucket>/<object>` */
  readonly uri: string;
}

const ALWAYS_EXCLUDED = ['node_modules', '.git', '__pycache__'];
// Files are staged with one fixed mtime, so the same content zips to the same bytes on any machine.
const FIXED_MTIME = new Date('2000-01-01T00:00:00Z');

/**
 * A regional, CMEK-encrypted bucket with uniform access, public access prevention enforced,
 * versioning on and force-destroy off. It waits for the key's service-agent grant.
 */
export class EncryptedBucket extends PlatformConstruct {
  public readonly resource: StorageBucket;
  public readonly bucketName: string;
  /** `gs://<name>` */
  public readonly url: string;
  public readonly encryptionKey: CmekKey;
  private readonly iamFactory: IamFactory;

  constructor(scope: Construct, id: string, props: EncryptedBucketProps) {
    super(scope, id);
    const who = `EncryptedBucket '${this.node.path}'`;
    const problem = bucketNameProblem(props.name);
    if (problem) throw new Error(`${who}: name '${props.name}' ${problem}`);
    const location = props.location ?? props.encryptionKey.location;
    props.encryptionKey.assertUsableFor('storage', location, `${who} encryptionKey`);
    for (const [i, rule] of (props.lifecycleRules ?? []).entries()) {
      if (rule.action === 'SetStorageClass' && !rule.storageClass) {
        throw new Error(`${who}: lifecycleRules[${i}] sets a storage class but names none; add storageClass: 'NEARLINE' (or COLDLINE, ARCHIVE)`);
      }
      if (rule.ageDays === undefined && rule.daysSinceNoncurrent === undefined) {
        throw new Error(`${who}: lifecycleRules[${i}] has no condition and would act on every object at once; set ageDays or daysSinceNoncurrent`);
      }
    }
    if (props.retentionSeconds !== undefined && props.versioned !== false) {
      throw new Error(`${who}: retentionSeconds needs versioned: false (GCS rejects a retention policy on a versioned bucket); set versioned: false or drop retentionSeconds`);
    }
    this.encryptionKey = props.encryptionKey;
    const versioned = props.versioned ?? true;
    const rules = props.lifecycleRules ?? (versioned ? [{ action: 'Delete', daysSinceNoncurrent: 30 } as const] : []);

    this.resource = new StorageBucket(this, 'Resource', {
      name: props.name,
      project: props.encryptionKey.keyring.project,
      location: location.toUpperCase(),
      storageClass: 'STANDARD',
      uniformBucketLevelAccess: true,
      publicAccessPrevention: 'enforced',
      forceDestroy: false,
      versioning: { enabled: versioned },
      encryption: { defaultKmsKeyName: props.encryptionKey.id },
      lifecycleRule: rules.map((r): StorageBucketLifecycleRule => ({
        action: { type: r.action, storageClass: r.storageClass },
        condition: {
          age: r.ageDays,
          daysSinceNoncurrentTime: r.daysSinceNoncurrent,
          matchesPrefix: r.matchesPrefix ? [...r.matchesPrefix] : undefined,
        },
      })),
      retentionPolicy: props.retentionSeconds !== undefined ? { retentionPeriod: props.retentionSeconds } : undefined,
      labels: props.labels ? { ...props.labels } : undefined,
      dependsOn: props.encryptionKey.grants,
    });
    this.bucketName = this.resource.name;
    this.url = `gs://${this.resource.name}`;
    this.iamFactory = {
      scope: this,
      binding: (iid, role, members, condition) =>
        new StorageBucketIamBinding(this, iid, { bucket: this.resource.name, role, members, condition }),
      member: (iid, role, member, condition) =>
        new StorageBucketIamMember(this, iid, { bucket: this.resource.name, role, member, condition }),
    };
    applyIam(props, this.iamFactory);
    libraryMade(this);
  }

  /** Read objects (`roles/storage.objectViewer`). */
  public grantRead(grantee: Grantee): TerraformResource {
    return grant(this.iamFactory, 'roles/storage.objectViewer', grantee);
  }

  /** Create objects, never overwrite or delete them (`roles/storage.objectCreator`). */
  public grantWrite(grantee: Grantee): TerraformResource {
    return grant(this.iamFactory, 'roles/storage.objectCreator', grantee);
  }

  /** Read, create, overwrite and delete objects (`roles/storage.objectUser`). */
  public grantReadWrite(grantee: Grantee): TerraformResource {
    return grant(this.iamFactory, 'roles/storage.objectUser', grantee);
  }

  /** Bucket metadata and object admin (`roles/storage.admin` on this bucket only). */
  public grantAdmin(grantee: Grantee): TerraformResource {
    return grant(this.iamFactory, 'roles/storage.admin', grantee);
  }

  /**
   * Uploads a local file as an object. With `hashInName` (the default) the object name carries
   * the content hash, so a deploy replaces the object only when the file changed.
   */
  public uploadFile(id: string, file: string, options: UploadOptions = {}): StorageBucketObject {
    if (!fs.existsSync(file)) {
      throw new Error(`EncryptedBucket '${this.node.path}' uploadFile('${id}'): file '${file}' does not exist`);
    }
    const content = fs.readFileSync(file);
    const hash = crypto.createHash('sha256').update(content).digest('hex');
    const ext = path.extname(file);
    const base = path.basename(file, ext);
    const name = `${options.prefix ?? ''}${options.hashInName === false ? `${base}${ext}` : `${base}-${hash.slice(0, 12)}${ext}`}`;
    // An asset is copied into the stack's output folder, so the plan never names a path on this machine.
    const asset = new TerraformAsset(this, `${id}-asset`, { path: path.resolve(file), type: AssetType.FILE });
    return libraryMade(new StorageBucketObject(this, id, {
      bucket: this.resource.name,
      name,
      source: asset.path,
      dependsOn: this.encryptionKey.grants,
    }));
  }

  /**
   * Uploads a folder as one zip object named `<prefix><folder>-<sha12>.zip`, the hash taken over
   * the files' relative paths and contents, so the object changes only when a shipped file does.
   * The files are staged into a temporary folder (without the excluded ones, with a fixed mtime)
   * that the stack's asset is zipped from at synth.
   */
  public uploadDirectory(id: string, dir: string, options: UploadDirectoryOptions = {}): UploadedArchive {
    const who = `EncryptedBucket '${this.node.path}' uploadDirectory('${id}')`;
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
      throw new Error(`${who}: '${dir}' is not a folder`);
    }
    const patterns = [...ALWAYS_EXCLUDED, ...(options.exclude ?? [])];
    const excluded = (name: string) => patterns.some((p) => (p.startsWith('*.') ? name.endsWith(p.slice(1)) : name === p));
    const files = listTree(dir, excluded);
    if (files.length === 0) throw new Error(`${who}: '${dir}' holds no file to upload once ${patterns.join(', ')} are left out`);
    const hash = crypto.createHash('sha256');
    for (const rel of files) {
      hash.update(rel).update('\0').update(fs.readFileSync(path.join(dir, rel))).update('\0');
    }
    const sha256 = hash.digest('hex');
    // Zipped once per content (in-process, fixed mtimes and modes, so the bytes depend on the
    // files only) into a content-addressed file outside the repository; every stack then ships
    // it as a plain file asset. cdktf's own ARCHIVE assets zip in a child process per stack.
    const folder = path.basename(path.resolve(dir));
    const zipFile = path.join(os.tmpdir(), 'vertex-mlops-cdktf-assets', `${folder}-${sha256.slice(0, 16)}`, `${folder}.zip`);
    if (!fs.existsSync(zipFile)) {
      const entries: Zippable = {};
      for (const rel of files) entries[rel] = [fs.readFileSync(path.join(dir, rel)), { mtime: FIXED_MTIME, attrs: 0o100644 << 16 }];
      fs.mkdirSync(path.dirname(zipFile), { recursive: true });
      // Written under a unique name and renamed into place, so parallel synths never see half a zip.
      const tmp = `${zipFile}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, zipSync(entries, { level: 9 }));
      fs.renameSync(tmp, zipFile);
    }
    const asset = new TerraformAsset(this, `${id}-asset`, { path: zipFile, type: AssetType.FILE, assetHash: sha256.slice(0, 32) });
    const name = `${options.prefix ?? ''}${path.basename(path.resolve(dir))}-${sha256.slice(0, 12)}.zip`;
    const object = new StorageBucketObject(this, id, {
      bucket: this.resource.name,
      name,
      source: asset.path,
      dependsOn: this.encryptionKey.grants,
    });
    libraryMade(object);
    return { object, sha256, uri: `gs://${this.resource.name}/${object.name}` };
  }
}
